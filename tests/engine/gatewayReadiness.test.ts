// Routes wait for a ready gateway: with the stand-in for ASM's gateway controller
// (scripts/test-cluster.sh) marking the IstioGateway Available after a delay, no ServiceEntry,
// VirtualService or REGISTRY_ONLY Sidecar is on the API server before the status says so; with
// the stand-in never marking it, `up` fails naming the gateway and what it awaited, and no route
// exists.
import * as assert from "assert";
import { execFile } from "child_process";
import { promisify } from "util";
import type { TestCluster } from "./cluster";
import { engineWithCluster, meshEgressProgram } from "./engine";
import { SEED } from "./scenarios";
import { EngineStack } from "./stack";

const run = promisify(execFile);
const ROUTE_KINDS = "serviceentries.v1beta1.networking.istio.io,virtualservices.v1beta1.networking.istio.io,sidecars.v1beta1.networking.istio.io";

interface Snapshot {
    /** The IstioGateway's status.Status, "" while it has none, undefined before it exists. */
    gateway?: string;
    /** ServiceEntries, VirtualServices and Sidecars of the component, as `Kind/name`. */
    routes: string[];
}

/** What the API server holds now, read without blocking the inline program in this process. */
async function snapshot(cluster: TestCluster): Promise<Snapshot> {
    const kubectl = (args: string[]) => run(cluster.kubectlPath, ["--kubeconfig", cluster.kubeconfigPath, ...args], { encoding: "utf8" }).then((r) => r.stdout);
    const [gateway, routes] = await Promise.all([
        kubectl(["get", "istiogateways.v1beta1.istio.alibabacloud.com", "-n", "istio-system", "--ignore-not-found", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.Status}{\"\\n\"}{end}"]),
        kubectl(["get", ROUTE_KINDS, "-A", "-l", "mesh-egress.io/gateway=egressgateway", "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name}{\"\\n\"}{end}"]),
    ]);
    const line = gateway.split("\n").find((l) => l.startsWith("egressgateway="));
    return { gateway: line === undefined ? undefined : line.slice("egressgateway=".length), routes: routes.split("\n").filter(Boolean) };
}

/** Snapshots taken back to back while `work` runs. */
async function recordDuring(cluster: TestCluster, work: () => Promise<unknown>): Promise<{ snapshots: Snapshot[]; outcome: PromiseSettledResult<unknown> }> {
    const snapshots: Snapshot[] = [];
    let done = false;
    const watching = (async () => {
        while (!done) snapshots.push(await snapshot(cluster));
    })();
    const [outcome] = await Promise.allSettled([work()]);
    done = true;
    await watching;
    snapshots.push(await snapshot(cluster));
    return { snapshots, outcome };
}

describe("routes wait for a ready gateway (the stand-in for ASM's gateway controller)", function () {
    this.timeout(300_000);
    let cluster: TestCluster;

    before(function () {
        cluster = engineWithCluster(this);
        cluster.ensureNamespaces(["default", "istio-system"]);
    });

    afterEach(() => cluster.gatewayStandIn());

    it("no ServiceEntry, VirtualService or lock exists before the IstioGateway is Available", async () => {
        cluster.gatewayStandIn({ delaySeconds: 6 });
        const stack = await EngineStack.create("readiness-delayed", meshEgressProgram(SEED, cluster.kubeconfig));
        try {
            const { snapshots, outcome } = await recordDuring(cluster, () => stack.up());
            assert.strictEqual(outcome.status, "fulfilled", String((outcome as PromiseRejectedResult).reason));
            // The gateway stood unready for a while, with nothing routed to it.
            assert.ok(
                snapshots.some((s) => s.gateway === "" && s.routes.length === 0),
                JSON.stringify(snapshots),
            );
            for (const s of snapshots) if (s.routes.length > 0) assert.strictEqual(s.gateway, "Available", JSON.stringify(s));
            assert.deepStrictEqual(snapshots[snapshots.length - 1], {
                gateway: "Available",
                routes: ["ServiceEntry/egressgateway-aliyun", "VirtualService/egressgateway-aliyun-aliyun-com", "Sidecar/egressgateway-registry-only"],
            });
            await stack.destroy();
        } finally {
            await stack.remove();
        }
    });

    it("a gateway that never becomes ready fails the up, naming it and what was awaited, before any route exists", async () => {
        cluster.gatewayStandIn({ never: ["egressgateway"] });
        const args = { ...SEED, gateway: { ...SEED.gateway, readiness: { timeoutSeconds: 8 } } };
        const stack = await EngineStack.create("readiness-never", meshEgressProgram(args, cluster.kubeconfig));
        try {
            const started = Date.now();
            await assert.rejects(stack.up(), (e: Error) => {
                assert.ok(e.message.includes("IstioGateway (egress-gateway):"), e.message);
                assert.ok(e.message.includes("IstioGateway egressgateway: no route goes to the mesh until jsonpath={.status.Status}=Available (gateway.readiness), waiting up to 8 s"), e.message);
                assert.ok(e.message.includes("failed to fully initialize or become live: timed out waiting for the condition"), e.message);
                return true;
            });
            assert.ok(Date.now() - started >= 8_000, "the up failed before the timeout");
            assert.deepStrictEqual(await snapshot(cluster), { gateway: "", routes: [] });
            await stack.destroy();
        } finally {
            await stack.remove();
        }
    });
});
