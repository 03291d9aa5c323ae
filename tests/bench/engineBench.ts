// `npm run bench`: the real engine's preview and up time, for 100, 500 and 1,000 services,
// against the test mesh API server (restarted empty before each run), of
//  - MeshEgress with routing: istio (about four objects per service),
//  - MeshEgress with routing: asmEgressTrafficPolicy (one policy for the gateway),
//  - the Istio path's manifests registered as plain CustomResources by a minimal program (what
//    the component costs over the objects themselves).
// The services are the kinds both paths carry (HTTP, HTTPS passthrough, TLS origination).
// BENCH_SIZES and BENCH_PATHS (istio,policy,plain) narrow a run. Not a test: it prints a table.
import * as k8s from "@pulumi/kubernetes";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { MeshEgress, MeshEgressArgs, RoutingMode, buildEgressPlan } from "../../components";
import { locate } from "../engine/binaries";
import { TestCluster } from "../engine/cluster";
import { namespacesOf } from "../engine/scenarios";
import { EngineStack, usePlugins } from "../engine/stack";
import { many } from "../support/scenarios";

const SIZES = (process.env.BENCH_SIZES ?? "100,500,1000").split(",").map(Number);
const PATHS = new Set((process.env.BENCH_PATHS ?? "istio,policy,plain").split(","));

interface Measured {
    objects: number;
    previewSeconds: number;
    upSeconds: number;
    stateBytes: number;
}

function argsFor(count: number, routing: RoutingMode): MeshEgressArgs {
    return { clusterIds: ["c-ack-1"], services: many(count, false), registryOnlyNamespaces: ["default"], routing };
}

async function measure(name: string, program: PulumiFn, objects: number): Promise<Measured> {
    const stack = await EngineStack.create(name, program);
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

async function component(kubeDir: string, count: number, routing: RoutingMode): Promise<Measured> {
    const args = argsFor(count, routing);
    const { kubeconfig } = freshCluster(kubeDir, args);
    const objects = buildEgressPlan({ ...args, kubeconfig: "kc" }).objects.length;
    return measure(`bench-${routing}-${count}`, async () => {
        new MeshEgress("egress", { ...args, kubeconfig });
    }, objects);
}

async function plainResources(kubeDir: string, count: number): Promise<Measured> {
    const args = argsFor(count, "istio");
    const plan = buildEgressPlan({ ...args, kubeconfig: "kc" });
    const { kubeconfig } = freshCluster(kubeDir, args);
    return measure(`bench-plain-${count}`, async () => {
        const provider = new k8s.Provider("mesh-api", { kubeconfig });
        for (const o of plan.objects) new k8s.apiextensions.CustomResource(`egress-${o.id}`, { ...o.manifest }, { provider });
    }, plan.objects.length);
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
            const istio = PATHS.has("istio") ? await component(kube.dir, count, "istio") : undefined;
            const policy = PATHS.has("policy") ? await component(kube.dir, count, "asmEgressTrafficPolicy") : undefined;
            const plain = PATHS.has("plain") ? await plainResources(kube.dir, count) : undefined;
            rows.push(
                `| ${count} | ${istio?.objects ?? "-"} / ${policy?.objects ?? "-"} | ${cell(istio, preview)} | ${cell(policy, preview)} | ${ratio(policy, istio, preview)} | ` +
                    `${cell(istio, up)} | ${cell(policy, up)} | ${ratio(policy, istio, up)} | ${cell(plain, preview)} / ${cell(plain, up)} | ${ratio(istio, plain, up)} | ` +
                    `${cell(istio, (m) => m.stateBytes / 1024, " KiB", 0)} / ${cell(policy, (m) => m.stateBytes / 1024, " KiB", 0)} |`,
            );
            process.stderr.write(`${rows[rows.length - 1]}\n`);
        }
    } finally {
        TestCluster.stop();
    }
    process.stdout.write(
        [
            "| services | objects, istio / policy | preview, istio | preview, policy | ratio | up, istio | up, policy | ratio | plain CRs, preview / up | up, istio / plain | state, istio / policy |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            ...rows,
        ].join("\n") + "\n",
    );
}

main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
});
