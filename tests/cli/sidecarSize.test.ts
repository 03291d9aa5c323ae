// What one sidecar holds, measured with Istio's own config generator: clusters grow by at most
// about one per service whatever the mix of kinds and ports (docs/performance.md), and a
// platform's worth of exits still all route through the gateway.
import * as assert from "assert";
import { MeshEgressArgs, buildEgressPlan } from "../../components/internal";
import { runSimulator, simulationFor } from "../../cli/runSimulator";
import { judge } from "../../cli/verdict";
import { many, thirds } from "../support/scenarios";
import { proxySizes, simulatorOrSkip } from "../support/simulator";

describe("simulate: one sidecar's configuration grows linearly with the services", function () {
    this.timeout(600_000);
    let binary: string | undefined;

    before(function () {
        binary = simulatorOrSkip(this);
    });

    const sizes = (args: MeshEgressArgs) => proxySizes(buildEgressPlan(args), binary);
    const args = (services: MeshEgressArgs["services"], extra: Partial<MeshEgressArgs> = {}): MeshEgressArgs => ({ kubeconfig: "kc", clusterIds: ["c"], services, ...extra });

    // 300 services of thirds(): 100 HTTP on 80, 100 TLS on 443, 100 TCP each on a port of its own.
    // Each host is one cluster; each TLS and TCP host one subset cluster on the one SNI listener.
    it("holds 506 clusters for 300 services, and 333 more for 200 more: one per HTTP service, two per TLS or TCP one, plus six", () => {
        const at300 = sizes(args(thirds(300)));
        const at500 = sizes(args(thirds(500)));
        assert.deepStrictEqual([at300.sidecar.clusters, at500.sidecar.clusters], [506, 839]);
        assert.ok(at300.sidecar.clusters <= 3 * 300 + 10);
        // The gateway holds the same outbound clusters as a sidecar, and two listeners: HTTP on 80, SNI on 443.
        assert.deepStrictEqual([at300.gateway.clusters, at300.gateway.listeners], [504, 2]);
    });

    it("stays within 3 clusters per service on a mix of many ports, and without mutual TLS", () => {
        for (const [name, a] of [
            ["many(300), 7 HTTP ports", args(many(300))],
            ["thirds(300) without mTLS", args(thirds(300), { gateway: { mutualTls: false } })],
        ] as const) {
            const { sidecar } = sizes(a);
            assert.ok(sidecar.clusters <= 3 * 300 + 10, `${name}: ${sidecar.clusters} clusters`);
        }
    });

    it("still routes every exit of 300 services through the gateway, and blocks what is unregistered", () => {
        const simulation = simulationFor(buildEgressPlan(args(thirds(300))));
        const verdict = judge(simulation, runSimulator(simulation, binary).results);
        const wrong = verdict.calls.filter((v) => !v.ok);
        assert.deepStrictEqual(wrong.slice(0, 5), []);
        assert.strictEqual(verdict.calls.filter((v) => v.what === "exit").length, 300 * 2);
        assert.ok(verdict.calls.some((v) => v.what === "unregistered"));
    });
});
