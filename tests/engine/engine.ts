// One real-engine environment per test process: the binaries located, put on PATH, and the
// test mesh API server started once and stopped when the process exits.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import { Manifest, MeshEgress, MeshEgressArgs } from "../../components/internal";
import { REPO_ROOT, locate, requireBinaries } from "./binaries";
import { TestCluster } from "./cluster";
import { usePlugins } from "./stack";

let pluginsReady = false;
let cluster: TestCluster | undefined;

/** The Pulumi CLI and the Kubernetes provider on PATH; skips or fails the suite without them. */
export function enginePlugins(ctx: Mocha.Context): void {
    if (pluginsReady) return;
    const [dir] = requireBinaries(ctx, [locate("install-pulumi.sh")]);
    usePlugins([dir]);
    pluginsReady = true;
}

/** Plugins plus the running test mesh API server. */
export function engineWithCluster(ctx: Mocha.Context): TestCluster {
    const [pulumiDir, kubeDir] = requireBinaries(ctx, [locate("install-pulumi.sh"), locate("install-kube.sh")]);
    if (!pluginsReady) usePlugins([pulumiDir]);
    pluginsReady = true;
    if (!cluster) {
        cluster = TestCluster.start(kubeDir);
        process.once("exit", () => TestCluster.stop());
    }
    return cluster;
}

const CLI = path.join(REPO_ROOT, "bin", "cli", "main.js");

/** Writes `args` as a config file the CLI reads (credentials are not part of it). */
export function writeConfigFile(args: MeshEgressArgs): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-config-"));
    const file = path.join(dir, "egress.yaml");
    fs.writeFileSync(file, stringify({ ...args, kubeconfig: "supplied-by-the-stack" }));
    return file;
}

/** What `mesh-egress render <file>` prints, as manifests in apply order. */
export function cliRender(file: string): Manifest[] {
    const text = execFileSync(process.execPath, [CLI, "render", file], { encoding: "utf8" });
    return parseAllDocuments(text)
        .map((d) => d.toJSON() as Manifest | null)
        .filter((m): m is Manifest => m !== null);
}

/** The component's name in every real-engine program: its objects are `egress-<plan id>`. */
export const COMPONENT = "egress";

/** The program a user writes: one MeshEgress, a data-plane provider when bypass protection is on. */
export function meshEgressProgram(args: MeshEgressArgs, kubeconfig: string): PulumiFn {
    return async () => {
        const bypassProtection = args.bypassProtection && {
            ...args.bypassProtection,
            provider: new k8s.Provider("data-plane", { kubeconfig: pulumi.secret(kubeconfig) }),
        };
        const egress = new MeshEgress(COMPONENT, { ...args, kubeconfig, ...(bypassProtection ? { bypassProtection } : {}) });
        return {
            meshId: egress.meshId,
            kubeconfig: egress.kubeconfig,
            gatewayHost: egress.gatewayHost,
            gatewayName: egress.gatewayName,
            listeners: egress.listeners,
            istioObjects: egress.istioObjects,
        };
    };
}

