// `npm run bench`: the real engine's preview and up time for MeshEgress against the same
// manifests registered as plain CustomResources by a minimal inline program, for 10, 100 and
// 500 services, against the test mesh API server (restarted empty before each run), with the
// state file size. Not a test: it prints a Markdown table.
import * as k8s from "@pulumi/kubernetes";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { MeshEgress, MeshEgressArgs, buildEgressPlan } from "../../components";
import { locate } from "../engine/binaries";
import { TestCluster } from "../engine/cluster";
import { namespacesOf } from "../engine/scenarios";
import { EngineStack, usePlugins } from "../engine/stack";
import { many } from "../scenarios";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);

interface Measured {
    objects: number;
    previewSeconds: number;
    upSeconds: number;
    stateBytes: number;
}

function argsFor(count: number): MeshEgressArgs {
    return { clusterIds: ["c-ack-1"], services: many(count), registryOnlyNamespaces: ["default"] };
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

async function main(): Promise<void> {
    const pulumi = locate("install-pulumi.sh");
    const kube = locate("install-kube.sh");
    if (!pulumi.dir || !kube.dir) throw new Error(`${pulumi.missing ?? ""} ${kube.missing ?? ""}`);
    usePlugins([pulumi.dir]);
    const rows: string[] = [];
    try {
        for (const count of SIZES) {
            const args = argsFor(count);
            const plan = buildEgressPlan({ ...args, kubeconfig: "kc" });
            let cluster = freshCluster(kube.dir, args);
            const kubeconfig = cluster.kubeconfig;
            const component = await measure(`bench-component-${count}`, async () => {
                new MeshEgress("egress", { ...args, kubeconfig });
            }, plan.objects.length);
            cluster = freshCluster(kube.dir, args);
            const plainKubeconfig = cluster.kubeconfig;
            const plain = await measure(`bench-plain-${count}`, async () => {
                const provider = new k8s.Provider("mesh-api", { kubeconfig: plainKubeconfig });
                for (const o of plan.objects) new k8s.apiextensions.CustomResource(`egress-${o.id}`, { ...o.manifest }, { provider });
            }, plan.objects.length);
            const ratio = (a: number, b: number) => (a / b).toFixed(2);
            rows.push(
                `| ${count} | ${component.objects} | ${component.previewSeconds.toFixed(1)} s | ${plain.previewSeconds.toFixed(1)} s | ${ratio(component.previewSeconds, plain.previewSeconds)} | ` +
                    `${component.upSeconds.toFixed(1)} s | ${plain.upSeconds.toFixed(1)} s | ${ratio(component.upSeconds, plain.upSeconds)} | ` +
                    `${(component.stateBytes / 1024).toFixed(0)} KiB | ${(plain.stateBytes / 1024).toFixed(0)} KiB |`,
            );
            process.stderr.write(`${rows[rows.length - 1]}\n`);
        }
    } finally {
        TestCluster.stop();
    }
    process.stdout.write(
        [
            "| services | objects | preview, MeshEgress | preview, plain | ratio | up, MeshEgress | up, plain | ratio | state, MeshEgress | state, plain |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            ...rows,
        ].join("\n") + "\n",
    );
}

main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
});
