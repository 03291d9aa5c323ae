// `npm run bench`: the real engine's preview and up time against the test mesh API server
// (restarted empty before each run), for 100, 300 and 1,000 services of the scale mix
// (thirds(): HTTP, TLS passthrough and TCP), of
//  - MeshEgress on the Istio path (about two objects per service),
//  - the same manifests registered as plain CustomResources by a minimal program (one provider,
//    no component, no dependencies): what the component costs over the objects themselves,
// each with the engine writing its state after every step and with PULUMI_SKIP_CHECKPOINTS=true
// (written once, at the end). BENCH_SIZES, BENCH_PATHS (istio,plain) and BENCH_CHECKPOINTS
// (written,skipped) narrow a run. Not a test: it prints a table.
import * as k8s from "@pulumi/kubernetes";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { MeshEgress, MeshEgressArgs, buildEgressPlan } from "../../components/internal";
import { locate } from "../engine/binaries";
import { TestCluster } from "../engine/cluster";
import { namespacesOf } from "../engine/scenarios";
import { EngineStack, usePlugins } from "../engine/stack";
import { thirds } from "../support/scenarios";

const SIZES = (process.env.BENCH_SIZES ?? "100,300,1000").split(",").map(Number);
const PATHS = new Set((process.env.BENCH_PATHS ?? "istio,plain").split(","));
const CHECKPOINTS = (process.env.BENCH_CHECKPOINTS ?? "written,skipped").split(",") as ("written" | "skipped")[];

interface Measured {
    objects: number;
    previewSeconds: number;
    upSeconds: number;
    stateBytes: number;
}

function argsFor(count: number): MeshEgressArgs {
    return { clusterIds: ["c-ack-1"], services: thirds(count), registryOnlyNamespaces: ["default"] };
}

async function measure(name: string, program: PulumiFn, objects: number, checkpoints: "written" | "skipped"): Promise<Measured> {
    const stack = await EngineStack.create(name, program, {}, checkpoints === "skipped" ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {});
    try {
        let t = process.hrtime.bigint();
        await stack.preview();
        const previewSeconds = Number(process.hrtime.bigint() - t) / 1e9;
        t = process.hrtime.bigint();
        await stack.up();
        const upSeconds = Number(process.hrtime.bigint() - t) / 1e9;
        return { objects, previewSeconds, upSeconds, stateBytes: Buffer.byteLength(stack.stateFileText()) };
    } finally {
        await stack.remove();
    }
}

function freshCluster(kubeDir: string, args: MeshEgressArgs): TestCluster {
    TestCluster.stop();
    const cluster = TestCluster.start(kubeDir);
    cluster.ensureNamespaces(namespacesOf(buildEgressPlan({ ...args, kubeconfig: "kc" }).objects.map((o) => o.manifest)));
    return cluster;
}

async function component(kubeDir: string, count: number, checkpoints: "written" | "skipped"): Promise<Measured> {
    const args = argsFor(count);
    const { kubeconfig } = freshCluster(kubeDir, args);
    const objects = buildEgressPlan({ ...args, kubeconfig: "kc" }).objects.length;
    return measure(`bench-istio-${count}`, async () => {
        new MeshEgress("egress", { ...args, kubeconfig });
    }, objects, checkpoints);
}

async function plainResources(kubeDir: string, count: number, checkpoints: "written" | "skipped"): Promise<Measured> {
    const args = argsFor(count);
    const plan = buildEgressPlan({ ...args, kubeconfig: "kc" });
    const { kubeconfig } = freshCluster(kubeDir, args);
    return measure(`bench-plain-${count}`, async () => {
        const provider = new k8s.Provider("mesh-api", { kubeconfig });
        for (const o of plan.objects) new k8s.apiextensions.CustomResource(`egress-${o.id}`, { ...o.manifest }, { provider });
    }, plan.objects.length, checkpoints);
}

const cell = (m: Measured | undefined, pick: (m: Measured) => number, unit = " s", digits = 1) => (m ? `${pick(m).toFixed(digits)}${unit}` : "not run");
const ratio = (a: Measured | undefined, b: Measured | undefined, pick: (m: Measured) => number) => (a && b ? (pick(a) / pick(b)).toFixed(2) : "-");
const preview = (m: Measured) => m.previewSeconds;
const up = (m: Measured) => m.upSeconds;

async function main(): Promise<void> {
    const pulumi = locate("install-pulumi.sh");
    const kube = locate("install-kube.sh");
    if (!pulumi.dir || !kube.dir) throw new Error(`${pulumi.missing ?? ""} ${kube.missing ?? ""}`);
    usePlugins([pulumi.dir]);
    const rows: string[] = [];
    try {
        for (const count of SIZES) {
            for (const checkpoints of CHECKPOINTS) {
                const istio = PATHS.has("istio") ? await component(kube.dir, count, checkpoints) : undefined;
                const plain = PATHS.has("plain") ? await plainResources(kube.dir, count, checkpoints) : undefined;
                rows.push(
                    `| ${count} | ${checkpoints === "skipped" ? "`true`" : "unset"} | ${istio?.objects ?? plain?.objects ?? "-"} | ${cell(istio, preview)} | ${cell(plain, preview)} | ${ratio(istio, plain, preview)} | ` +
                        `${cell(istio, up)} | ${cell(plain, up)} | ${ratio(istio, plain, up)} | ${cell(istio, (m) => m.stateBytes / 1024, " KiB", 0)} |`,
                );
                process.stderr.write(`${rows[rows.length - 1]}\n`);
            }
        }
    } finally {
        TestCluster.stop();
    }
    process.stdout.write(
        [
            "| services | `PULUMI_SKIP_CHECKPOINTS` | objects | preview, MeshEgress | preview, plain CRs | ratio | up, MeshEgress | up, plain CRs | ratio | state |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            ...rows,
        ].join("\n") + "\n",
    );
}

main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
});
