// examples/full-stack under Pulumi's mocks (the Alibaba Cloud provider cannot run here): every id
// flows by Output from the resource that creates it into the mesh, the gateway and the egress IP.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { registered, value } from "../support/harness";

async function settled(names: string[]): Promise<void> {
    for (let i = 0; i < 400 && !names.every((n) => registered.has(n)); i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepStrictEqual(names.filter((n) => !registered.has(n)), []);
}

describe("examples/full-stack: the composed stack", () => {
    let program: Record<string, pulumi.Output<unknown>>;
    const names = ["egress-vpc", "apps", "mesh", "egress-nodes", "ack", "egress-mesh", "egress-nat", "egress-eip-0", "egress-eip-0-nat", "egress-snat-0", "egress-egress-nodes", "egress-gateway", "sleep"];
    before(async () => {
        // Other programs under test register some of these names (the seed example's `sleep`).
        for (const name of names) registered.delete(name);
        pulumi.runtime.setAllConfig({ "mesh-egress:zoneId": "cn-hangzhou-k" }, []);
        program = await import("../../examples/full-stack/index");
        await settled(names);
    });
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("puts the mesh in the stack's VPC and attaches the stack's ACK cluster", () => {
        const mesh = registered.get("egress-mesh")!;
        assert.strictEqual(mesh.type, "alicloud:servicemesh/serviceMesh:ServiceMesh");
        assert.deepStrictEqual(mesh.inputs.network, { vpcId: "egress-vpc-id", vswitcheList: "mesh-id" });
        assert.deepStrictEqual(mesh.inputs.clusterIds, ["ack-id"]);
        assert.strictEqual(mesh.inputs.clusterSpec, "enterprise");
    });

    it("runs the gateway in the stack's ACK cluster, pinned to the reserved nodes", () => {
        const gateway = registered.get("egress-gateway")!;
        assert.strictEqual(gateway.type, "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway");
        assert.deepStrictEqual(gateway.inputs.spec.clusterIds, ["ack-id"]);
        assert.deepStrictEqual(gateway.inputs.spec.nodeSelector, { "mesh-egress.io/egress-ip": "egressgateway" });
        const pool = registered.get("egress-egress-nodes")!;
        assert.strictEqual(pool.type, "alicloud:cs/nodePool:NodePool");
        assert.strictEqual(pool.inputs.clusterId, "ack-id");
        assert.deepStrictEqual(pool.inputs.vswitchIds, ["egress-nodes-id"]);
        assert.deepStrictEqual(pool.inputs.instanceTypes, ["ecs.g7.large"]);
    });

    it("SNATs only the gateway's vSwitch, through a NAT gateway in the stack's VPC, on the created EIP", async () => {
        assert.strictEqual(registered.get("egress-nat")!.inputs.vpcId, "egress-vpc-id");
        assert.strictEqual(registered.get("egress-nat")!.inputs.vswitchId, "egress-nodes-id");
        assert.deepStrictEqual(registered.get("egress-snat-0")!.inputs, { snatTableId: "stb-of-egress-nat", sourceVswitchId: "egress-nodes-id", snatIp: "203.0.113.10", snatEntryName: "egress-egress-0" });
        assert.deepStrictEqual(registered.get("egress-eip-0-nat")!.inputs, { allocationId: "egress-eip-0-id", instanceId: "egress-nat-id", instanceType: "Nat" });
        assert.deepStrictEqual(await value(program.egressIps), ["203.0.113.10"]);
        assert.strictEqual(registered.get("ack")!.inputs.newNatGateway, false);
    });

    it("deploys the sleep client into the ACK cluster with a sidecar", () => {
        const sleep = registered.get("sleep")!;
        assert.strictEqual(sleep.type, "kubernetes:apps/v1:Deployment");
        assert.strictEqual(sleep.inputs.spec.template.metadata.labels["sidecar.istio.io/inject"], "true");
        assert.ok(sleep.provider?.includes("::ack-api::"), sleep.provider);
        // The ACK cluster's own credential, read by its id, as a secret.
        const ackApi = registered.get("ack-api")!;
        assert.deepStrictEqual(ackApi.inputs.kubeconfig, { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "kubeconfig-of-ack-id" });
    });
});
