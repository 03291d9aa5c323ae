// Every bad input fails with one error that names each bad path and what would be valid;
// every valid example passes with no finding; the component registers nothing from bad input.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { MeshEgress, MeshEgressArgs, MeshEgressInputError, buildEgressPlan, validateArgs } from "../../components/internal";
import { BAD_INPUTS } from "../corpus/badInputs";
import { registered } from "../support/harness";
import { ALIYUN, HTTP_SERVICES, withKubeconfig } from "../support/fixtures";

describe("input validation", () => {
    it("has a corpus of at least 40 bad inputs", () => {
        assert.ok(BAD_INPUTS.length >= 40, `only ${BAD_INPUTS.length}`);
    });

    for (const bad of BAD_INPUTS) {
        it(`rejects ${bad.title}`, () => {
            const problems = validateArgs(bad.args);
            assert.deepStrictEqual(problems.map((p) => p.path), bad.expect.map(([path]) => path), JSON.stringify(problems, null, 1));
            bad.expect.forEach(([, fragment], i) => {
                const message = problems[i].message;
                assert.ok(typeof fragment === "string" ? message.includes(fragment) : fragment.test(message), `"${message}" lacks "${fragment}"`);
            });
            assert.throws(() => buildEgressPlan(bad.args as MeshEgressArgs, "test input"), (e: unknown) => {
                assert.ok(e instanceof MeshEgressInputError);
                for (const [path] of bad.expect) assert.ok(e.message.includes(`  - ${path}: `), e.message);
                return true;
            });
        });
    }

    it("accepts valid inputs with no finding", () => {
        assert.deepStrictEqual(validateArgs(withKubeconfig()), []);
        assert.deepStrictEqual(validateArgs({ meshId: "m", clusterIds: ["c"], services: [ALIYUN] }), []);
        assert.deepStrictEqual(validateArgs({ newMesh: { vpcId: "v", vswitchId: "s" }, clusterIds: ["c"], services: HTTP_SERVICES, accessLog: { slsProject: "p" } }), []);
    });

    it("accepts the edges of what is valid", () => {
        const edges = {
            ...withKubeconfig([ALIYUN]),
            gateway: {
                autoscaling: { minReplicas: 3, maxReplicas: 3 },
                tolerations: [],
                nodeSelector: { "example.com/pool": "egress", a: "", ["n".repeat(63)]: "v".repeat(63) },
            },
        };
        assert.deepStrictEqual(validateArgs(edges), []);
    });

    it("does not check values that are only known at deployment (Outputs)", () => {
        const args = { meshId: pulumi.output("m"), clusterIds: pulumi.output(["c"]), services: [ALIYUN] };
        assert.deepStrictEqual(validateArgs(args), []);
    });

    it("needs the services themselves at preview, not as an Output", () => {
        const problems = validateArgs({ kubeconfig: "kc", clusterIds: ["c"], services: pulumi.output([ALIYUN]) });
        assert.deepStrictEqual(problems, [
            {
                path: "services",
                message:
                    "is an Output, but must be a plain value: the component names and checks every object from it at preview. Outputs are taken by meshId, kubeconfig, clusterIds, the newMesh ids, gateway tolerations and affinity, and the egressIp ids",
            },
        ]);
    });

    it("names every misplaced Output by its path, once, and takes the Inputs the contract declares", () => {
        const o = pulumi.output("x");
        const problems = validateArgs({
            kubeconfig: o,
            clusterIds: [o, "c"],
            routing: o,
            outboundTrafficPolicy: o,
            gateway: { replicas: o, nodeSelector: o, podLabels: { a: o }, tolerations: [{ key: o, operator: "Exists" }], affinity: o, mutualTls: o },
            accessLog: o,
            services: [{ ...ALIYUN, ports: [{ number: o, protocol: "HTTP" }] }, o],
        });
        assert.deepStrictEqual(problems.map((p) => p.path), [
            "routing",
            "outboundTrafficPolicy",
            "gateway.replicas",
            "gateway.nodeSelector",
            "gateway.podLabels.a",
            "gateway.mutualTls",
            "accessLog",
            "services[0].ports[0].number",
            "services[1]",
        ]);
        assert.ok(problems.every((p) => p.message.startsWith("is an Output, but must be a plain value")));
        assert.deepStrictEqual(validateArgs(o).map((p) => p.path), ["args"]);
    });

    it("formats one error with a line per problem", () => {
        const bad = BAD_INPUTS.find((b) => b.title === "every problem in one error")!;
        assert.throws(() => buildEgressPlan(bad.args as MeshEgressArgs, 'MeshEgress "prod"'), {
            message: [
                'MeshEgress "prod" has 3 invalid inputs:',
                "  - services[0].ports[0].number: 0 is not valid; use a whole number from 1 to 65535",
                '  - services[0].ports[0].protocol: "FTP" is not valid; use one of HTTP, HTTPS, TLS, TCP',
                '  - services[1].name: "aliyun" is already used by services[0]; service names must be unique',
            ].join("\n"),
        });
    });

    describe("in the component", () => {
        it("throws an InputPropertiesError listing every path and registers nothing", () => {
            const before = registered.size;
            const bad = BAD_INPUTS.find((b) => b.title === "every problem in one error")!;
            assert.throws(() => new MeshEgress("bad-input", bad.args as MeshEgressArgs), (e: unknown) => {
                assert.ok(pulumi.InputPropertiesError.isInstance(e));
                assert.deepStrictEqual(e.errors.map((x) => x.propertyPath), ["services[0].ports[0].number", "services[0].ports[0].protocol", "services[1].name"]);
                assert.match(e.message, /^MeshEgress "bad-input" has 3 invalid inputs:/);
                return true;
            });
            assert.strictEqual(registered.size, before);
            assert.ok(!registered.has("bad-input"));
        });

        it("requires a data-plane provider for bypass protection, with the other problems", () => {
            const args = { ...withKubeconfig(), clusterIds: [], bypassProtection: { namespaces: ["web"], allowedCidrs: ["10.0.0.0/8"] } };
            assert.throws(() => new MeshEgress("bad-bypass", args), (e: unknown) => {
                assert.ok(pulumi.InputPropertiesError.isInstance(e));
                assert.deepStrictEqual(e.errors.map((x) => x.propertyPath), ["clusterIds", "bypassProtection.provider"]);
                assert.strictEqual(e.errors[1].reason, "is required: NetworkPolicies go to the data-plane (ACK) cluster, not the mesh API server; pass its Kubernetes provider");
                return true;
            });
        });
    });
});
