// Part of `npm run bench`: the size of the Envoy configuration Istio's own generator builds for
// one sidecar and for the gateway, for 10, 100 and 500 services, exported everywhere (as
// istio.io's egress task writes them: no exportTo) and scoped with exportTo (each service seen
// by one of ten team namespaces). Egress scales with what every sidecar must hold.
import { buildEgressPlan } from "../../components";
import { ProxyStats, runSimulator, simulationFor } from "../../cli/runSimulator";
import { many } from "../support/scenarios";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const TEAMS = 10;

function sizes(count: number, scoped: boolean): { sidecar: ProxyStats; gateway: ProxyStats } {
    const services = many(count).map((s, i) => (scoped ? { ...s, exportTo: [`team-${i % TEAMS}`] } : s));
    const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c-ack-1"], services });
    const simulation = simulationFor(plan);
    // Only the sizes: the gateway and the sidecar of one team, no calls.
    simulation.request.calls = [];
    simulation.request.proxies = simulation.request.proxies.filter((p) => p.kind === "router" || p.namespace === "team-0" || (!scoped && p.namespace === "default"));
    const sidecarId = simulation.request.proxies.find((p) => p.kind === "sidecar")!.id;
    const output = runSimulator(simulation);
    return { sidecar: output.stats[sidecarId], gateway: output.stats.gateway };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const row = (s: ProxyStats) => `${s.listeners} / ${s.routes} / ${s.clusters}, ${kib(s.bytes)}`;

const lines = [
    "| services | exportTo | one sidecar: listeners / route configs / clusters, bytes | gateway: listeners / route configs / clusters, bytes |",
    "|---:|---|---|---|",
];
for (const count of SIZES) {
    for (const scoped of [false, true]) {
        const s = sizes(count, scoped);
        lines.push(`| ${count} | ${scoped ? `one of ${TEAMS} namespaces` : "everywhere (istio.io's task)"} | ${row(s.sidecar)} | ${row(s.gateway)} |`);
        process.stderr.write(`${lines[lines.length - 1]}\n`);
    }
}
process.stdout.write(`${lines.join("\n")}\n`);
