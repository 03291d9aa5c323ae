// `node bin/tests/bench/liveCheckBench.js` (part of `npm run bench`): how long `mesh-egress check
// --live` takes on a large mesh. The test mesh API server (started empty) is filled with
// BENCH_LIVE_OBJECTS (default 10,000) Istio objects others wrote, spread over ten namespaces and
// the kinds a mesh holds most (a ServiceEntry, VirtualService, DestinationRule and Sidecar per
// team service), then the seed's check reads and judges them, and `pulumi preview` of the seed
// runs with the component's live checks on and off. Not a test: it prints a table.
import { execFileSync } from "child_process";
import * as path from "path";
import { stringify } from "yaml";
import { locate } from "../engine/binaries";
import { TestCluster } from "../engine/cluster";
import { meshEgressProgram } from "../engine/engine";
import { SEED } from "../engine/scenarios";
import { EngineStack, usePlugins } from "../engine/stack";

const OBJECTS = Number(process.env.BENCH_LIVE_OBJECTS ?? "10000");
const NAMESPACES = Array.from({ length: 10 }, (_, i) => `team-${i}`);
const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Four objects of one team service: its entry, route, rule and (for a tenth of them) a locked Sidecar. */
function teamObjects(i: number): object[] {
    const namespace = NAMESPACES[i % NAMESPACES.length];
    const host = `svc-${i}.team.example`;
    const meta = (name: string) => ({ name, namespace });
    return [
        { apiVersion: "networking.istio.io/v1beta1", kind: "ServiceEntry", metadata: meta(`se-${i}`), spec: { hosts: [host], location: "MESH_INTERNAL", ports: [{ number: 80, name: "http", protocol: "HTTP" }], resolution: "DNS" } },
        { apiVersion: "networking.istio.io/v1beta1", kind: "VirtualService", metadata: meta(`vs-${i}`), spec: { hosts: [host], http: [{ route: [{ destination: { host } }] }] } },
        { apiVersion: "networking.istio.io/v1beta1", kind: "DestinationRule", metadata: meta(`dr-${i}`), spec: { host, trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } } },
        { apiVersion: "networking.istio.io/v1beta1", kind: "Sidecar", metadata: meta(`sc-${i}`), spec: { workloadSelector: { labels: { app: `svc-${i}` } }, outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } },
    ];
}

/** Median of three `pulumi preview` runs of the seed on `cluster`, live checks on or off. */
async function previewSeconds(cluster: TestCluster, liveChecks: boolean): Promise<number> {
    const stack = await EngineStack.create(`bench-live-${liveChecks ? "on" : "off"}`, meshEgressProgram({ ...SEED, liveChecks }, cluster.kubeconfig));
    try {
        const times: number[] = [];
        for (let run = 0; run < 3; run++) {
            const t = process.hrtime.bigint();
            await stack.preview();
            times.push(Number(process.hrtime.bigint() - t) / 1e9);
        }
        return times.sort((a, b) => a - b)[1];
    } finally {
        await stack.remove();
    }
}

async function main(): Promise<void> {
    const kube = locate("install-kube.sh");
    const pulumi = locate("install-pulumi.sh");
    if (!kube.dir || !pulumi.dir) throw new Error(`${kube.missing ?? ""} ${pulumi.missing ?? ""}`);
    usePlugins([pulumi.dir]);
    TestCluster.stop();
    const cluster = TestCluster.start(kube.dir);
    try {
        cluster.ensureNamespaces(NAMESPACES);
        const objects = Array.from({ length: Math.ceil(OBJECTS / 4) }, (_, i) => teamObjects(i))
            .flat()
            .slice(0, OBJECTS);
        const started = Date.now();
        for (let i = 0; i < objects.length; i += 1000) {
            cluster.kubectl(["apply", "--server-side", "--field-manager", "bench", "-f", "-"], objects.slice(i, i + 1000).map((o) => stringify(o)).join("---\n"));
        }
        const filled = (Date.now() - started) / 1000;
        const times: number[] = [];
        for (let run = 0; run < 3; run++) {
            const t = process.hrtime.bigint();
            const out = execFileSync(process.execPath, [path.join(REPO_ROOT, "bin", "cli", "main.js"), "check", path.join(REPO_ROOT, "examples", "aliyun", "egress.yaml"), "--live", "--kubeconfig", cluster.kubeconfigPath], { encoding: "utf8" });
            times.push(Number(process.hrtime.bigint() - t) / 1e9);
            if (!out.includes("OK")) throw new Error(`unexpected findings: ${out}`);
        }
        times.sort((a, b) => a - b);
        const off = await previewSeconds(cluster, false);
        const on = await previewSeconds(cluster, true);
        console.log(
            `| live objects | filled in | check --live | preview, liveChecks off | preview, liveChecks on |\n|---:|---:|---:|---:|---:|\n` +
                `| ${objects.length.toLocaleString("en-US")} | ${filled.toFixed(1)} s | ${times[1].toFixed(1)} s | ${off.toFixed(1)} s | ${on.toFixed(1)} s |`,
        );
    } finally {
        TestCluster.stop();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
