// Every argument the contract types `Input` as a known Output, an Output element and an Output
// list, under Pulumi's mocks: the component plans with what it knows and registers the values the
// Outputs carry. (Unknown values at preview run through the real engine: tests/engine/composition.)
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { MESH_EGRESS_OUTPUTS, MeshEgressArgs, PENDING_VALUE, buildEgressPlan, meshEgressOutputs, planFindings, resolveSpec } from "../../components/internal";
import { gatewayInputFields } from "../../components/gateway";
import { inputArguments, isDeferred, knownPart, knownStrings, misplacedOutputs } from "../../components/inputs";
import { ALIYUN } from "../support/fixtures";
import { FAKE_MESH_KUBECONFIG, calls, construct, value } from "../support/harness";

/** An Output the engine does not know yet, as a preview sees another resource's new id. */
function unknownOutput<T>(): pulumi.Output<T> {
    const OutputClass = pulumi.Output as unknown as new (...a: unknown[]) => pulumi.Output<T>;
    return new OutputClass(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
}

const KUBECONFIG = "apiVersion: v1\nkind: Config\n";

function gatewaySpec(built: Awaited<ReturnType<typeof construct>>, name: string): Record<string, any> {
    return built.registered.get(`${name}-gateway`)!.inputs.spec;
}

describe("Outputs in every Input argument, under mocks", () => {
    describe("clusterIds", () => {
        const forms: [string, MeshEgressArgs["clusterIds"]][] = [
            ["an Output element", [pulumi.output("c-ack-1")]],
            ["an Output list", pulumi.output(["c-ack-1"])],
            ["a plain list with an Output among plain ids", ["c-ack-0", pulumi.output("c-ack-1")]],
            ["an Output list of Outputs", pulumi.output([pulumi.output("c-ack-1")])],
        ];
        for (const [i, [form, clusterIds]] of forms.entries()) {
            it(`as ${form}: the IstioGateway is registered with the ids the Outputs carry`, async () => {
                const name = `cluster-ids-${i}`;
                const built = await construct(name, { kubeconfig: KUBECONFIG, clusterIds, services: [ALIYUN] });
                assert.deepStrictEqual(gatewaySpec(built, name).clusterIds, i === 2 ? ["c-ack-0", "c-ack-1"] : ["c-ack-1"]);
                assert.strictEqual(built.children.get(`${name}-gateway`)!.type, "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway");
            });
        }

        it("as an Output of a new mesh's clusters: the ServiceMesh and the IstioGateway get the same ids", async () => {
            const name = "cluster-ids-new-mesh";
            const built = await construct(name, { newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" }, clusterIds: pulumi.output(["c-ack-7"]), services: [ALIYUN] });
            assert.deepStrictEqual(built.registered.get(`${name}-mesh`)!.inputs.clusterIds, ["c-ack-7"]);
            assert.deepStrictEqual(gatewaySpec(built, name).clusterIds, ["c-ack-7"]);
        });

        it("unknown at plan time: the plan holds a pending id, passes every check, and the component still registers", async () => {
            const plan = buildEgressPlan({ kubeconfig: KUBECONFIG, clusterIds: [unknownOutput<string>()], services: [ALIYUN] });
            assert.deepStrictEqual((plan.objects[0].manifest.spec as { clusterIds: unknown }).clusterIds, [PENDING_VALUE]);
            assert.deepStrictEqual(planFindings(plan), []);
            const whole = buildEgressPlan({ kubeconfig: KUBECONFIG, clusterIds: unknownOutput<string[]>(), services: [ALIYUN] });
            assert.deepStrictEqual((whole.objects[0].manifest.spec as { clusterIds: unknown }).clusterIds, [PENDING_VALUE]);
            const built = await construct("cluster-ids-unknown", { kubeconfig: KUBECONFIG, clusterIds: unknownOutput<string[]>(), services: [ALIYUN] });
            assert.ok(built.children.has("cluster-ids-unknown-gateway"));
        });
    });

    describe("meshId", () => {
        it("as a known Output: the mesh is read by that id, and its kubeconfig drives the provider", async () => {
            const name = "mesh-id-output";
            const built = await construct(name, { meshId: pulumi.output("m-out"), clusterIds: ["c-ack-1"], services: [ALIYUN] });
            const call = calls.filter((c) => c.token === "alicloud:servicemesh/getServiceMeshes:getServiceMeshes").pop()!;
            assert.deepStrictEqual(call.args, { ids: ["m-out"], enableDetails: true });
            assert.strictEqual(await value(built.component.meshId), "m-out");
            assert.strictEqual(await value(built.component.kubeconfig), "kubeconfig-of-m-out");
            assert.ok(await pulumi.isSecret(built.component.kubeconfig));
        });
    });

    describe("kubeconfig", () => {
        for (const [form, kubeconfig] of [
            ["a known Output", pulumi.output(KUBECONFIG)],
            ["a secret Output", pulumi.secret(KUBECONFIG)],
        ] as const) {
            it(`as ${form}: the provider gets it, as a secret`, async () => {
                const name = `kubeconfig-${form.split(" ")[1]}`;
                const built = await construct(name, { kubeconfig, clusterIds: ["c-ack-1"], services: [ALIYUN] });
                const provider = built.children.get(`${name}-mesh-api`)!;
                assert.strictEqual(provider.type, "pulumi:providers:kubernetes");
                assert.ok(await pulumi.isSecret(provider.props.kubeconfig));
                assert.strictEqual(await value(built.component.kubeconfig), KUBECONFIG);
            });
        }
    });

    describe("newMesh", () => {
        it("takes every id and name field as an Output", async () => {
            const name = "new-mesh-outputs";
            const built = await construct(name, {
                newMesh: {
                    vpcId: pulumi.output("vpc-out"),
                    vswitchId: pulumi.output("vsw-out"),
                    version: pulumi.output("v1.22.6.71-g7d67a80b-aliyun"),
                    name: pulumi.output("mesh-out"),
                    securityGroupId: pulumi.output("sg-out"),
                },
                clusterIds: [pulumi.output("c-ack-1")],
                services: [ALIYUN],
            });
            const inputs = built.registered.get(`${name}-mesh`)!.inputs;
            assert.strictEqual(built.registered.get(`${name}-mesh`)!.type, "alicloud:servicemesh/serviceMesh:ServiceMesh");
            assert.deepStrictEqual(inputs.network, { vpcId: "vpc-out", vswitcheList: "vsw-out", securityGroupId: "sg-out" });
            assert.strictEqual(inputs.version, "v1.22.6.71-g7d67a80b-aliyun");
            assert.strictEqual(inputs.serviceMeshName, "mesh-out");
            assert.deepStrictEqual(inputs.clusterIds, ["c-ack-1"]);
            assert.strictEqual(await value(built.component.kubeconfig), FAKE_MESH_KUBECONFIG);
        });
    });

    describe("gateway tolerations and affinity", () => {
        it("take Outputs inside and as a whole, and the IstioGateway gets their values", async () => {
            const name = "gateway-inputs";
            const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["egress"] }] }] } } };
            const built = await construct(name, {
                kubeconfig: KUBECONFIG,
                clusterIds: ["c-ack-1"],
                gateway: { tolerations: [{ key: pulumi.output("dedicated"), operator: "Exists" }, pulumi.output({ key: "spot", operator: "Exists", effect: "NoSchedule" })], affinity: pulumi.output(affinity) },
                services: [ALIYUN],
            });
            const spec = gatewaySpec(built, name);
            assert.deepStrictEqual(spec.tolerations, [{ key: "dedicated", operator: "Exists" }, { key: "spot", operator: "Exists", effect: "NoSchedule" }]);
            assert.deepStrictEqual(spec.affinity, affinity);
        });
    });
});

describe("Inputs in the pure core", () => {
    const o = pulumi.output("x");

    it("tells deferred values (Outputs, promises) from plain ones", () => {
        assert.strictEqual(isDeferred(o), true);
        assert.strictEqual(isDeferred(Promise.resolve("x")), true);
        assert.strictEqual(isDeferred({ __pulumiOutput: true }), true);
        for (const plain of ["x", 1, null, undefined, ["x"], { then: "soon", apply: 1 }]) assert.strictEqual(isDeferred(plain), false, JSON.stringify(plain));
    });

    it("plans a list of string Inputs with each deferred entry, or the whole list, pending", () => {
        assert.deepStrictEqual(knownStrings(["a", o, "b"]), ["a", PENDING_VALUE, "b"]);
        assert.deepStrictEqual(knownStrings(o), [PENDING_VALUE]);
        assert.strictEqual(PENDING_VALUE, "pending-until-apply");
    });

    it("keeps the known part of a structure: deferred entries and fields left out, plain values as they are", () => {
        assert.deepStrictEqual(knownPart([{ key: o, operator: "Exists" }, o, { key: "k", value: { nested: o, kept: 1 } }]), [{ operator: "Exists" }, { key: "k", value: { kept: 1 } }]);
        assert.deepStrictEqual(knownPart({ a: null, b: "x" }), { a: null, b: "x" });
        assert.strictEqual(knownPart("x"), "x");
    });

    it("names an Output anywhere but the paths the contract types Input, anchored at both ends", () => {
        const allowed = [
            "meshId",
            "kubeconfig",
            "clusterIds",
            "clusterIds[12]",
            "newMesh.vpcId",
            "newMesh.vswitchId",
            "newMesh.version",
            "newMesh.name",
            "newMesh.securityGroupId",
            "gateway.tolerations",
            "gateway.tolerations[10].key",
            "gateway.affinity.nodeAffinity",
            "egressIp.vswitchIds[10]",
            "egressIp.natGatewayId",
            "egressIp.vpcId",
            "egressIp.natGatewayVswitchId",
            "egressIp.eipIds[11]",
            "egressIp.tolerations[10].value",
            "egressIp.nodePool.clusterId",
            "egressIp.nodePool.instanceTypes[10]",
        ];
        const refused = ["xmeshId", "meshIdx", "xkubeconfig", "kubeconfigx", "xclusterIds", "clusterIdsx", "newMesh.edition", "xnewMesh.vpcId", "newMesh.vpcIdx", "gateway.replicas", "xgateway.tolerations", "gateway.tolerationsx", "egressIp.vswitchIds", "xegressIp.vpcId", "egressIp.vpcIdx", "egressIp.eipCount", "xegressIp.tolerations", "egressIp.tolerationsx", "egressIp.nodePool.size", "xegressIp.nodePool.clusterId", "egressIp.nodePool.clusterIdx"];
        for (const path of allowed) assert.deepStrictEqual(misplacedOutputs(o, path), [], path);
        for (const path of refused) assert.deepStrictEqual(misplacedOutputs(o, path), [path], path);
    });

    it("walks plain objects, null-prototype ones included, and lists, but not class instances", () => {
        const bare = Object.assign(Object.create(null), { routing: o });
        assert.deepStrictEqual(misplacedOutputs(bare), ["routing"]);
        assert.deepStrictEqual(misplacedOutputs({ services: [{ name: o }], meshId: o }), ["services[0].name"]);
        class Holder {
            inner = o;
        }
        assert.deepStrictEqual(misplacedOutputs({ bypassProtection: { provider: new Holder() } }), []);
        assert.deepStrictEqual(misplacedOutputs("x"), []);
    });

    it("keeps the Outputs of the arguments that carry dependencies and secrets", () => {
        assert.deepStrictEqual(inputArguments(), ["meshId", "kubeconfig", "clusterIds", "newMesh", "egressIp"]);
    });

    it("registers over the planned IstioGateway exactly the fields the user gave as Inputs", () => {
        const plain = resolveSpec({ kubeconfig: "kc", clusterIds: ["c"], services: [ALIYUN] }, "t").gateway;
        assert.deepStrictEqual(gatewayInputFields(plain, o), { clusterIds: o });
        const pinned = resolveSpec({ kubeconfig: "kc", clusterIds: ["c"], services: [ALIYUN], gateway: { tolerations: [{ key: "k", operator: "Exists" }], affinity: { podAntiAffinity: {} } } }, "t").gateway;
        assert.deepStrictEqual(gatewayInputFields(pinned, ["c"]), { clusterIds: ["c"], tolerations: [{ key: "k", operator: "Exists" }], affinity: { podAntiAffinity: {} } });
    });

    it("lists the component's outputs once, for registerOutputs and the provider", async () => {
        assert.deepStrictEqual(MESH_EGRESS_OUTPUTS, ["meshId", "kubeconfig", "gatewayHost", "gatewayName", "listeners", "istioObjects", "routing", "egressIps", "kubernetesProvider"]);
        const built = await construct("outputs-list", { kubeconfig: KUBECONFIG, clusterIds: ["c-ack-1"], services: [ALIYUN] });
        const outputs = meshEgressOutputs(built.component);
        assert.deepStrictEqual(Object.keys(outputs), [...MESH_EGRESS_OUTPUTS]);
        assert.strictEqual(outputs.gatewayHost, built.component.gatewayHost);
        assert.strictEqual(outputs.kubernetesProvider, built.component.kubernetesProvider);
    });
});
