// The test mesh API server (scripts/test-cluster.sh) and the kubectl calls the tests read it with.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { Manifest } from "../../components/internal";
import { MANAGED_BY_LABELS } from "../../components/naming";
import { REPO_ROOT } from "./binaries";

/**
 * Every kind the component writes, as kubectl resource names at the API version it writes them:
 * unqualified, kubectl reads the server's preferred version (telemetry.istio.io/v1, not the
 * v1alpha1 the component writes).
 */
const MANAGED_KINDS = [
    "istiogateways.v1beta1.istio.alibabacloud.com",
    "serviceentries.v1beta1.networking.istio.io",
    "gateways.v1beta1.networking.istio.io",
    "destinationrules.v1beta1.networking.istio.io",
    "virtualservices.v1beta1.networking.istio.io",
    "sidecars.v1beta1.networking.istio.io",
    "authorizationpolicies.v1beta1.security.istio.io",
    "telemetries.v1alpha1.telemetry.istio.io",
    "networkpolicies.v1.networking.k8s.io",
    "asmegresstrafficpolicies.v1beta1.istio.alibabacloud.com",
    "namespaces",
];

export class TestCluster {
    private constructor(
        readonly kubeconfigPath: string,
        readonly kubectlPath: string,
    ) {}

    /** Starts etcd, kube-apiserver and the controller manager (binaries must be built). */
    static start(kubeBinDir: string): TestCluster {
        const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "test-cluster.sh"), "start"], {
            encoding: "utf8",
            env: { ...process.env, MESH_EGRESS_NO_BUILD: "1" },
            timeout: 180_000,
        });
        if (r.status !== 0) throw new Error(`test-cluster.sh start failed (${r.status}):\n${r.stderr}`);
        return new TestCluster(r.stdout.trim(), path.join(kubeBinDir, "kubectl"));
    }

    static stop(): void {
        spawnSync("bash", [path.join(REPO_ROOT, "scripts", "test-cluster.sh"), "stop"], { stdio: "ignore" });
    }

    /** A fault for the engine tests (scripts/test-cluster.sh): the API server frozen, thawed, killed or restarted. */
    fault(what: "freeze" | "thaw" | "kill-apiserver" | "restart-apiserver"): void {
        const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "test-cluster.sh"), what], { encoding: "utf8", env: { ...process.env, MESH_EGRESS_NO_BUILD: "1" }, timeout: 120_000 });
        if (r.status !== 0) throw new Error(`test-cluster.sh ${what} failed (${r.status}):\n${r.stderr}`);
    }

    /**
     * Sets the stand-in for ASM's gateway controller (scripts/test-cluster.sh): IstioGateways turn
     * Available `delaySeconds` after they appear (default 1), those named in `never` never do.
     */
    gatewayStandIn(settings: { delaySeconds?: number; never?: string[] } = {}): void {
        const dir = path.join(path.dirname(this.kubeconfigPath), "stand-in");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "delay-seconds"), `${settings.delaySeconds ?? 1}\n`);
        fs.writeFileSync(path.join(dir, "never"), (settings.never ?? []).map((n) => `${n}\n`).join(""));
    }

    get kubeconfig(): string {
        return fs.readFileSync(this.kubeconfigPath, "utf8");
    }

    /** The bearer token: what must never show up in plain text. */
    get token(): string {
        return /token: (\S+)/.exec(this.kubeconfig)![1];
    }

    kubectl(args: string[], input?: string): string {
        return execFileSync(this.kubectlPath, ["--kubeconfig", this.kubeconfigPath, ...args], { encoding: "utf8", input, maxBuffer: 256 << 20 });
    }

    /** Creates the namespaces (ASM syncs application namespaces from the data plane). */
    ensureNamespaces(names: Iterable<string>): void {
        for (const name of new Set(names)) {
            const manifest = JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
            this.kubectl(["apply", "--server-side", "--field-manager", "mesh-egress-tests", "-f", "-"], manifest);
        }
    }

    /** Every object carrying the component's managed-by labels, as the API server holds it. */
    managedObjects(): Manifest[] {
        const selector = Object.entries(MANAGED_BY_LABELS)
            .map(([k, v]) => `${k}=${v}`)
            .join(",");
        const list = JSON.parse(this.kubectl(["get", MANAGED_KINDS.join(","), "-A", "-l", selector, "-o", "json"])) as { items: Manifest[] };
        return list.items;
    }
}
