// Locating Istio's istioctl (built by scripts/install-istioctl.sh) and feeding it manifests.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { EgressPlan, Manifest } from "../../components/internal";
import { renderYaml } from "../../cli/render";
import { gatewayServiceManifest } from "../../cli/simulate";

/** The istioctl binary: $ISTIOCTL, else where the install script puts it; undefined if absent. */
export function findIstioctl(): string | undefined {
    if (process.env.ISTIOCTL) return process.env.ISTIOCTL;
    try {
        const script = path.resolve(__dirname, "..", "..", "..", "scripts", "install-istioctl.sh");
        const version = /ISTIO_VERSION:-([^}]+)\}/.exec(fs.readFileSync(script, "utf8"))![1];
        const cache = execFileSync("go", ["env", "GOCACHE"], { encoding: "utf8" }).trim();
        const bin = path.join(cache, "mesh-egress", `istioctl-${version}`, "istioctl");
        return fs.existsSync(bin) ? bin : undefined;
    } catch {
        return undefined;
    }
}

/**
 * What ASM creates for the IstioGateway in each cluster (Service and pods `istio-<name>`), so
 * istioctl can resolve the Gateway selectors and check the Service ports (IST0101, IST0162).
 */
export function gatewayStandIns(plan: EgressPlan): Manifest[] {
    const service = gatewayServiceManifest(plan);
    const labels = (service.spec.selector ?? {}) as Record<string, string>;
    const ports = service.spec.ports as { targetPort: number }[];
    return [
        service,
        {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: `${service.metadata.name}-0`, namespace: service.metadata.namespace, labels },
            spec: { containers: [{ name: "istio-proxy", image: "istio/proxyv2", ports: ports.map((p) => ({ containerPort: p.targetPort, protocol: "TCP" })) }] },
        },
    ];
}

export interface IstioctlResult {
    status: number;
    output: string;
}

function run(bin: string, args: string[]): IstioctlResult {
    const r = spawnSync(bin, args, { encoding: "utf8", timeout: 120_000 });
    return { status: r.status ?? -1, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

/** Writes the rendered manifests (what `mesh-egress render` prints) plus stand-ins to a file. */
export function writeScenario(dir: string, name: string, plan: EgressPlan): string {
    const file = path.join(dir, `${name}.yaml`);
    const standIns = gatewayStandIns(plan).map((m) => stringify(m));
    fs.writeFileSync(file, [renderYaml(plan, name), ...standIns].join("---\n"));
    return file;
}

export function validate(bin: string, file: string): IstioctlResult {
    return run(bin, ["validate", "-f", file]);
}

/** Every namespace, every message down to Info, so a warning we could avoid shows up too. */
export function analyze(bin: string, file: string): IstioctlResult {
    return run(bin, ["analyze", "--use-kube=false", "--all-namespaces", "--output-threshold", "Info", "--failure-threshold", "Info", file]);
}

export function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-istioctl-"));
}
