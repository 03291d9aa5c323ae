// MeshEgress as one resource of a larger program, through the real engine against the test API
// server: its clusterIds come from another resource created in the same `up` (a ConfigMap's
// metadata.uid stands in for an ACK cluster's id: both are unknown until the object exists), and
// a user resource that dependsOn the component waits for every object of it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import { MeshEgress, buildEgressPlan } from "../../components/internal";
import { ALIYUN } from "../support/fixtures";
import type { TestCluster } from "./cluster";
import { COMPONENT, engineWithCluster } from "./engine";
import { objectId, position } from "./ops";
import { EngineStack } from "./stack";

/** How the engine's event stream shows a value not known at preview (a computed value). */
const UNKNOWN = null;
const CLUSTER_CM = "ack-cluster";
const AFTER_CM = "after-egress";

function composedProgram(kubeconfig: string): PulumiFn {
    return async () => {
        // Client-side apply: a preview then shows a new object's uid as unknown, as a cloud
        // provider shows a new cluster's id (a server-side dry run would invent one).
        const provider = new k8s.Provider("mesh-api", { kubeconfig: pulumi.secret(kubeconfig), enableServerSideApply: false });
        const cluster = new k8s.core.v1.ConfigMap(CLUSTER_CM, { metadata: { name: CLUSTER_CM, namespace: "default" }, data: { role: "stands in for an ACK cluster" } }, { provider });
        const egress = new MeshEgress(COMPONENT, { kubeconfig, clusterIds: [cluster.metadata.uid], services: [ALIYUN], outboundTrafficPolicy: "ALLOW_ANY" });
        new k8s.core.v1.ConfigMap(AFTER_CM, { metadata: { name: AFTER_CM, namespace: "default" }, data: { gatewayHost: egress.gatewayHost } }, { provider, dependsOn: [egress] });
        return { clusterUid: cluster.metadata.uid, routing: egress.routing };
    };
}


describe("real engine: MeshEgress composed with resources created in the same up", function () {
    this.timeout(600_000);
    let cluster: TestCluster;
    let stack: EngineStack;
    const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], services: [ALIYUN], outboundTrafficPolicy: "ALLOW_ANY" });
    const objectIds = plan.objects.map((o) => o.id);

    before(async function () {
        cluster = engineWithCluster(this);
        stack = await EngineStack.create("composition", composedProgram(cluster.kubeconfig));
    });

    after(async () => {
        // The suites after this one start from an empty API server.
        await stack?.destroy();
        await stack?.remove();
    });

    it("previews with the cluster id computed, and creates nothing", async () => {
        const run = await stack.preview();
        const gateway = run.steps.find((s) => s.phase === "pre" && objectId(s) === "gateway")!;
        assert.strictEqual(gateway.op, "create");
        assert.strictEqual(gateway.type, "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway");
        assert.deepStrictEqual(gateway.inputs!.spec.clusterIds, [UNKNOWN]);
        assert.strictEqual(gateway.inputs!.spec.gatewayType, "egress", "the rest of the spec is known");
        assert.deepStrictEqual(cluster.managedObjects(), []);
        assert.deepStrictEqual(await stack.stateResources(), []);
    });

    it("up writes the id the other resource got into the IstioGateway, and creates the dependent resource last", async () => {
        const run = await stack.up();
        const uid = (await stack.stack.outputs()).clusterUid.value as string;
        assert.match(uid, /^[0-9a-f-]{36}$/);
        const live = cluster.managedObjects().find((m) => m.kind === "IstioGateway")!;
        assert.deepStrictEqual((live.spec as { clusterIds: string[] }).clusterIds, [uid]);
        const afterStart = run.steps.findIndex((s) => s.phase === "pre" && s.name === AFTER_CM && s.op === "create");
        assert.notStrictEqual(afterStart, -1);
        for (const id of objectIds) assert.ok(position(run, "done", id, "create") < afterStart, `${AFTER_CM} started before ${id} was done`);
        assert.strictEqual((await stack.stack.outputs()).routing.value, "istio");
    });

    it("a second preview changes nothing", async () => {
        const run = await stack.preview();
        assert.deepStrictEqual(Object.keys(run.changes), ["same"], JSON.stringify(run.changes));
    });
});
