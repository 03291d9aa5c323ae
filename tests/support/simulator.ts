// The simulator binary as the suites that drive it need it, and what it measures of one plan.
import type { EgressPlan } from "../../components/internal";
import { ProxyStats, findSimulator, runSimulator, simulationFor } from "../../cli/runSimulator";

/** The simulator binary; missing, it fails the suite under CI and skips it loudly elsewhere. */
export function simulatorOrSkip(ctx: Mocha.Context): string | undefined {
    try {
        return findSimulator();
    } catch (e) {
        if (process.env.CI) throw e;
        process.stderr.write(`\n*** SKIPPED: ${(e as Error).message}\n\n`);
        ctx.skip();
    }
}

/** The Envoy configuration Istio's generator builds for the gateway and for the sidecar in `default`; no calls. */
export function proxySizes(plan: EgressPlan, binary?: string): { sidecar: ProxyStats; gateway: ProxyStats } {
    const simulation = simulationFor(plan);
    simulation.request.calls = [];
    simulation.request.proxies = simulation.request.proxies.filter((p) => p.kind === "router" || p.id === "sidecar/default");
    const output = runSimulator(simulation, binary);
    return { sidecar: output.stats["sidecar/default"], gateway: output.stats.gateway };
}
