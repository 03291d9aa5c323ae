// Runs the simulator (simulator/, built by scripts/install-simulator.sh) on a plan: the rendered
// objects plus what ASM creates for the IstioGateway, every call planned by cli/simulate.ts.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { EgressPlan, Manifest } from "../components/internal";
import { manifestYaml } from "./render";
import { Simulation, gatewayServiceManifest, planSimulation } from "./simulate";
import type { SimulatedResult } from "./simulatorWire";

export interface ProxyStats {
    listeners: number;
    routes: number;
    clusters: number;
    bytes: number;
}

export interface SimulatorOutput {
    results: SimulatedResult[];
    stats: Record<string, ProxyStats>;
}

export class SimulatorMissingError extends Error {}


/** The simulator binary: $MESH_EGRESS_SIMULATOR, else where the install script puts it. */
export function findSimulator(): string {
    const given = process.env.MESH_EGRESS_SIMULATOR;
    if (given) {
        if (fs.existsSync(given)) return given;
        throw new SimulatorMissingError(`MESH_EGRESS_SIMULATOR names ${given}, which does not exist; build the simulator with: bash scripts/install-simulator.sh (needs Go)`);
    }
    const installScript = path.resolve(__dirname, "..", "..", "scripts", "install-simulator.sh");
    // An installed package ships no build scripts: the simulator is built from a checkout.
    if (!fs.existsSync(installScript)) {
        throw new SimulatorMissingError("the simulator is not part of the installed package; build it from a mesh-egress checkout with: bash scripts/install-simulator.sh (needs Go), and name the binary in MESH_EGRESS_SIMULATOR");
    }
    const r = spawnSync("bash", [installScript], { encoding: "utf8", env: { ...process.env, MESH_EGRESS_NO_BUILD: "1" } });
    if (r.status === 0) return r.stdout.trim();
    throw new SimulatorMissingError(`the simulator is not built; build it once with: bash scripts/install-simulator.sh (needs Go)`);
}

/**
 * The request for a plan: the mesh objects as the API server would hold them, beside `foreign`,
 * the Istio objects others wrote in the live mesh (`simulate --live`), whose Sidecars' namespaces
 * are simulated too; where those lock a namespace (or the mesh), its unregistered calls must be
 * blocked. ASM's own kinds are left out: Istio's generator does not read them.
 */
export function simulationFor(plan: EgressPlan, foreign: Manifest[] = []): Simulation {
    const istio = foreign.filter((m) => !m.apiVersion.startsWith("istio.alibabacloud.com/"));
    const istioConfig = [...plan.objects.filter((o) => o.cluster === "mesh" && o.manifest.kind !== "IstioGateway").map((o) => o.manifest), ...istio]
        .map((m) => manifestYaml(m))
        .join("---\n");
    const sidecars = istio.filter((m) => m.kind === "Sidecar");
    const locks = sidecars.filter((m) => !m.spec.workloadSelector && (m.spec.outboundTrafficPolicy as { mode?: string } | undefined)?.mode === "REGISTRY_ONLY");
    return planSimulation(
        plan,
        istioConfig,
        stringify(gatewayServiceManifest(plan)),
        sidecars.map((m) => m.metadata.namespace!),
        locks.map((m) => m.metadata.namespace!),
    );
}

/** Runs Istio's config generator and simulation over the request. */
export function runSimulator(simulation: Simulation, binary = findSimulator()): SimulatorOutput {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-simulate-"));
    try {
        const input = path.join(dir, "request.json");
        const output = path.join(dir, "answer.json");
        fs.writeFileSync(input, JSON.stringify(simulation.request));
        try {
            execFileSync(binary, ["-test.run", "^TestSimulate$", "-test.count", "1"], {
                env: { ...process.env, SIMULATE_INPUT: input, SIMULATE_OUTPUT: output },
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
                maxBuffer: 256 << 20,
            });
        } catch (e) {
            const err = e as { stdout?: string; stderr?: string };
            throw new Error(`the simulator failed:\n${(err.stdout ?? "").slice(-4000)}${(err.stderr ?? "").slice(-4000)}`);
        }
        return JSON.parse(fs.readFileSync(output, "utf8")) as SimulatorOutput;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
