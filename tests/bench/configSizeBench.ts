// Part of `npm run bench`: the size of the Envoy configuration Istio's own generator builds for
// one sidecar (in `default`) and for the gateway, for 100, 300 and 1,000 services of the scale
// mix (thirds(): a third each HTTP on 80, TLS passthrough on 443, TCP to an address on a port of
// its own), REGISTRY_ONLY, no exportTo, as most users write it. Egress scales with what every
// sidecar must hold.
import { buildEgressPlan } from "../../components/internal";
import type { ProxyStats } from "../../cli/runSimulator";
import { thirds } from "../support/scenarios";
import { proxySizes } from "../support/simulator";

const SIZES = (process.env.BENCH_SIZES ?? "100,300,1000").split(",").map(Number);

function sizes(count: number): { objects: number; sidecar: ProxyStats; gateway: ProxyStats } {
    const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c-ack-1"], services: thirds(count) });
    return { objects: plan.objects.length, ...proxySizes(plan) };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const row = (s: ProxyStats) => `${s.listeners} / ${s.clusters} / ${kib(s.bytes)}`;

const lines = ["| services | objects | one sidecar: listeners / clusters / bytes | gateway: listeners / clusters / bytes |", "|---:|---:|---|---|"];
for (const count of SIZES) {
    const s = sizes(count);
    lines.push(`| ${count} | ${s.objects} | ${row(s.sidecar)} | ${row(s.gateway)} |`);
    process.stderr.write(`${lines[lines.length - 1]}\n`);
}
process.stdout.write(`${lines.join("\n")}\n`);
