// Switching a live stack between the Istio objects and ASM's ASMEgressTrafficPolicy, both ways,
// through the real engine and provider: the new path's objects exist before the old path's go.
import * as assert from "assert";
import { EgressPlan, MeshEgressArgs, RoutingMode, buildEgressPlan } from "../../components/internal";
import type { TestCluster } from "./cluster";
import { cliRender, engineWithCluster, meshEgressProgram, writeConfigFile } from "./engine";
import { assertLiveEqualsRendered, expectedOps, objectOps, position } from "./ops";
import { SEED, namespacesOf } from "./scenarios";
import { EngineStack, Run } from "./stack";

const POLICY_OBJECTS = ["egress-policy", "egress-policy-namespace"];
const SEED_ROUTES = ["dr-gateway", "gw-https-80", "se-aliyun", "vs-aliyun-aliyun-com"];

/** Every create finished before the first delete started. */
function assertCreatesBeforeDeletes(run: Run, created: string[], deleted: string[]): void {
    const firstDelete = Math.min(...deleted.map((id) => position(run, "pre", id, "delete")));
    for (const id of created) assert.ok(position(run, "done", id, "create") < firstDelete, `${id} was not in place before the old path's first delete`);
}

describe("real engine: switching routing between Istio objects and ASMEgressTrafficPolicy", function () {
    this.timeout(600_000);
    let cluster: TestCluster;
    let stack: EngineStack;
    const planOf = (args: MeshEgressArgs): EgressPlan => buildEgressPlan({ ...args, kubeconfig: "kc" });
    const withRouting = (routing: RoutingMode): MeshEgressArgs => ({ ...SEED, routing });
    const deploy = async (routing: RoutingMode): Promise<Run> => {
        stack.setProgram(meshEgressProgram(withRouting(routing), cluster.kubeconfig));
        return stack.up();
    };

    before(async function () {
        cluster = engineWithCluster(this);
        // Only the namespaces the Istio path writes to; istio-egress is the component's to create.
        cluster.ensureNamespaces(namespacesOf(planOf(withRouting("istio")).objects.map((o) => o.manifest)));
        cluster.kubectl(["delete", "namespace", "istio-egress", "--ignore-not-found", "--wait", "--timeout=120s"]);
        stack = await EngineStack.create("routing-switch", meshEgressProgram(withRouting("istio"), cluster.kubeconfig));
    });

    after(async () => {
        await stack?.remove();
    });

    it("starts on the Istio objects", async () => {
        const run = await deploy("istio");
        assert.deepStrictEqual(objectOps(run), expectedOps(undefined, planOf(withRouting("istio"))));
        assert.ok(!cluster.managedObjects().some((m) => m.kind === "ASMEgressTrafficPolicy" || m.kind === "Namespace"));
        assert.strictEqual(cluster.kubectl(["get", "namespace", "istio-egress", "--ignore-not-found", "-o", "name"]).trim(), "", "istio-egress is not there before the switch");
    });

    it("to the policy: creates istio-egress and the policy, then deletes the routes; the Sidecar stays", async () => {
        const run = await deploy("asmEgressTrafficPolicy");
        const expected = expectedOps(planOf(withRouting("istio")), planOf(withRouting("asmEgressTrafficPolicy")));
        assert.deepStrictEqual(expected, { create: POLICY_OBJECTS, delete: SEED_ROUTES, same: ["access-log", "gateway", "sidecar"] });
        assert.deepStrictEqual(objectOps(run), expected);
        assert.ok(position(run, "done", "egress-policy-namespace", "create") < position(run, "pre", "egress-policy", "create"));
        assertCreatesBeforeDeletes(run, POLICY_OBJECTS, SEED_ROUTES);
        assertLiveEqualsRendered(cluster.managedObjects(), cliRender(writeConfigFile(withRouting("asmEgressTrafficPolicy"))));
    });

    it("a second preview on the policy changes nothing", async () => {
        const preview = await stack.preview();
        assert.deepStrictEqual(Object.keys(preview.changes), ["same"], JSON.stringify(preview.changes));
    });

    it("back to Istio: recreates the routes, then deletes the policy and lets go of the namespace", async () => {
        const run = await deploy("istio");
        const expected = expectedOps(planOf(withRouting("asmEgressTrafficPolicy")), planOf(withRouting("istio")));
        assert.deepStrictEqual(expected, { create: SEED_ROUTES, delete: POLICY_OBJECTS, same: ["access-log", "gateway", "sidecar"] });
        assert.deepStrictEqual(objectOps(run), expected);
        assertCreatesBeforeDeletes(run, SEED_ROUTES, POLICY_OBJECTS);
        assert.ok(position(run, "done", "egress-policy", "delete") < position(run, "pre", "egress-policy-namespace", "delete"));
        // Deleting the patch removes only its label: the namespace, which others may use, stays.
        const namespace = JSON.parse(cluster.kubectl(["get", "namespace", "istio-egress", "-o", "json"]));
        assert.deepStrictEqual(namespace.metadata.labels, { "kubernetes.io/metadata.name": "istio-egress" });
        const live = cluster.managedObjects();
        assert.deepStrictEqual(live.filter((m) => m.kind === "ASMEgressTrafficPolicy"), []);
        assertLiveEqualsRendered(live.filter((m) => m.kind !== "Namespace"), cliRender(writeConfigFile(withRouting("istio"))));
    });

    it("destroy removes the rest", async () => {
        await stack.destroy();
        assert.deepStrictEqual(cluster.managedObjects().filter((m) => m.kind !== "Namespace"), []);
        assert.deepStrictEqual(await stack.stateResources(), []);
    });
});
