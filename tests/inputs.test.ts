// Every argument the contract types `Input` as a known Output, an Output element and an Output
// list, under Pulumi's mocks: the component plans with what it knows and registers the values the
// Outputs carry. (Unknown values at preview run through the real engine: tests/engine/composition.)
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { MeshEgressArgs, PENDING_VALUE, buildEgressPlan, planFindings } from "../components";
import { ALIYUN } from "./fixtures";
import { FAKE_MESH_KUBECONFIG, calls, construct, value } from "./harness";

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
