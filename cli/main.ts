#!/usr/bin/env node
// mesh-egress: plan, render, graph and check an egress setup from a config file, without a
// cloud account, over the same pure core the Pulumi component uses.
import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import type { Finding } from "../components/analyze";
import { planFindings } from "../components/checks";
import { EgressPlan, buildEgressPlan } from "../components/plan";
import type { MeshEgressArgs } from "../components/args";
import { AuditReport, auditLogs } from "./audit";
import { auditVerdict, formatAudit } from "./auditFormat";
import { FileProblem, formatFileProblem, loadConfigFile } from "./configFile";
import { LogInputError } from "./logLines";
import { GATEWAY_PROXY, NOT_JUDGED } from "./simulate";
import { judge } from "./verdict";
import { formatVerdicts } from "./verdictText";
import { ProxyStats, findSimulator, runSimulator, simulationFor } from "./runSimulator";
import { dependencyGraph, toDot, toMermaid } from "./graph";
import { renderFiles, renderYaml } from "./render";
import { summary } from "./summary";
import { LiveReadError } from "../components/liveReadError";
import { LiveFinding, foreignObjects, liveFindings } from "../components/liveChecks";
import type { Manifest } from "../components/manifest";
import { packageVersion } from "./version";

/** Exit codes: 0 clean, 1 findings in a usable file, 2 the file cannot be used at all. */
export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

interface Checked {
    file: string;
    unusable: boolean;
    problems: FileProblem[];
    findings: Finding[];
    args?: MeshEgressArgs;
    plan?: EgressPlan;
}

function checkFile(file: string): Checked {
    const loaded = loadConfigFile(file);
    if (loaded.unusable || loaded.problems.length > 0 || !loaded.args) {
        return { file, unusable: loaded.unusable, problems: loaded.problems, findings: [] };
    }
    const plan = buildEgressPlan(loaded.args, file);
    return { file, unusable: false, problems: [], findings: planFindings(plan), args: loaded.args, plan };
}

function reportText(c: Checked): string[] {
    return [
        ...c.problems.map((p) => formatFileProblem(c.file, p)),
        ...c.findings.map((f) => `${c.file}: ${f.code} ${f.object}: ${f.message}`),
    ];
}

function exitCodeOf(c: Checked): number {
    if (c.unusable) return EXIT.unusable;
    return c.problems.length || c.findings.length ? EXIT.findings : EXIT.ok;
}

/** Loads a file for a command that needs a clean plan; reports and exits otherwise (with `failCode`, else check's code). */
function usableConfig(file: string, failCode?: number): { args: MeshEgressArgs; plan: EgressPlan } {
    const c = checkFile(file);
    const code = exitCodeOf(c);
    if (code !== EXIT.ok || !c.plan || !c.args) {
        process.stderr.write(`${reportText(c).join("\n")}\n`);
        process.exit(failCode ?? code);
    }
    return { args: c.args, plan: c.plan };
}

function usablePlan(file: string): EgressPlan {
    return usableConfig(file).plan;
}

/** Audits logs against a config; exits 2 when the logs cannot be read or hold no access-log line. */
async function auditOrExit(args: MeshEgressArgs, plan: EgressPlan, logs: string): Promise<AuditReport> {
    let report: AuditReport;
    try {
        report = await auditLogs(args, plan.spec, logs);
    } catch (e) {
        if (!(e instanceof LogInputError)) throw e;
        process.stderr.write(`${e.message}\n`);
        process.exit(EXIT.unusable);
    }
    if (report.linesRead === report.linesSkipped) {
        const first = report.firstSkipped ? `; ${report.firstSkipped.source}:${report.firstSkipped.line}: ${report.firstSkipped.reason}` : "";
        process.stderr.write(`${logs}: no Envoy JSON access-log line among ${report.linesRead} lines${first}. The audit reads JSON access logs (kubectl logs <pod> -c istio-proxy, or the log service's export); is the mesh's access-log encoding JSON?\n`);
        process.exit(EXIT.unusable);
    }
    return report;
}

/** The live mesh's objects for --live; exits 2 naming why when they cannot be read. */
async function liveObjectsOrExit(file: string, kubeconfig: string | undefined): Promise<Manifest[]> {
    try {
        // Loaded here only: the Kubernetes client is large, and every other command starts without it.
        const { loadKubeconfig, readLiveMesh } = await import("../components/liveMesh");
        return await readLiveMesh(loadKubeconfig(kubeconfig ? { file: kubeconfig } : "default"));
    } catch (e) {
        if (!(e instanceof LiveReadError)) throw e;
        process.stderr.write(`${file}: --live: ${e.message}\n`);
        process.exit(EXIT.unusable);
    }
}

/** Refuses --kubeconfig without --live (exit 2). */
function liveOptionsOrExit(options: { live?: boolean; kubeconfig?: string }): void {
    if (options.kubeconfig && !options.live) {
        process.stderr.write("--kubeconfig goes with --live\n");
        process.exit(EXIT.unusable);
    }
}

export function program(): Command {
    const cli = new Command("mesh-egress")
        .description("Plan, render, graph and check an ASM egress gateway setup from a MeshEgress config file (YAML or JSON), without a cloud account.")
        .version(packageVersion(), "-V, --version", "print the package's version")
        .showHelpAfterError();

    cli.command("plan")
        .description("Show every exit (who -> gateway listener -> host:port, kind of traffic, TLS per hop, who is allowed), the objects and the rollout waves; with --logs, what REGISTRY_ONLY would block of the calls logged.")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .option("--logs <path>", "sidecar access logs (file, directory or - for stdin) to audit against the config's REGISTRY_ONLY")
        .action(async (file: string, options: { logs?: string }) => {
            const { args, plan } = usableConfig(file);
            const verdict = options.logs ? `\n${auditVerdict(await auditOrExit(args, plan, options.logs), plan.spec, options.logs)}` : "";
            process.stdout.write(summary(plan, file) + verdict);
        });

    cli.command("audit")
        .description("Read sidecar access logs (JSON, as kubectl logs -c istio-proxy or ASM's log service print them) and tell which calls REGISTRY_ONLY would block under the config, with the services entries that allow them: exit 0 when it would block nothing seen, 1 when it would, 2 when the config or the logs are unusable.")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .requiredOption("--logs <path>", "access-log file, directory of files (.gz read too), or - for stdin")
        .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
        .action(async (file: string, options: { logs: string; format: "text" | "json" }) => {
            const { args, plan } = usableConfig(file, EXIT.unusable);
            const report = await auditOrExit(args, plan, options.logs);
            process.stdout.write(options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatAudit(report, plan.spec, options.logs, file));
            process.exitCode = report.wouldBlock.length ? EXIT.findings : EXIT.ok;
        });

    cli.command("render")
        .description("Print the Kubernetes manifests for the mesh API server in apply order (data-plane objects and ASM instance settings in labelled sections), or write one file per object.")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .option("-o, --output <dir>", "write one file per object into this directory instead of printing one multi-document YAML")
        .action((file: string, options: { output?: string }) => {
            const plan = usablePlan(file);
            if (!options.output) {
                process.stdout.write(renderYaml(plan, file));
                return;
            }
            const files = renderFiles(plan);
            for (const f of files) {
                const target = path.join(options.output, f.path);
                fs.mkdirSync(path.dirname(target), { recursive: true });
                fs.writeFileSync(target, f.content);
            }
            process.stdout.write(`wrote ${files.length} files to ${options.output}\n`);
        });

    cli.command("graph")
        .description("Print the dependency graph of the objects (an arrow A -> B: A must exist before B).")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .addOption(new Option("--format <format>", "output format").choices(["mermaid", "dot"]).default("mermaid"))
        .action((file: string, options: { format: "mermaid" | "dot" }) => {
            const graph = dependencyGraph(usablePlan(file));
            process.stdout.write(options.format === "dot" ? toDot(graph) : toMermaid(graph));
        });

    cli.command("check")
        .description(
            "Only validate: exit 0 when clean, 1 with findings, 2 when the file cannot be used. With --live, also read the mesh API server (read-only) and report what it already holds against the plan: 1 when any of that is an error, 2 when the server cannot be read.",
        )
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .option("--live", "also check the objects the mesh API server holds, read-only")
        .option("--kubeconfig <file>", "with --live: the mesh API server's kubeconfig (default: $KUBECONFIG, then ~/.kube/config)")
        .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
        .action(async (file: string, options: { format: "text" | "json"; live?: boolean; kubeconfig?: string }) => {
            liveOptionsOrExit(options);
            const c = checkFile(file);
            const live: LiveFinding[] = options.live && c.plan ? liveFindings(c.plan, await liveObjectsOrExit(file, options.kubeconfig)) : [];
            const code = Math.max(exitCodeOf(c), live.some((f) => f.severity === "error") ? EXIT.findings : EXIT.ok);
            if (options.format === "json") {
                const report = { file, ok: code === EXIT.ok, unusable: c.unusable, problems: c.problems, findings: [...c.findings, ...live], objects: c.plan?.objects.length ?? 0 };
                process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            } else if (code === EXIT.ok && live.length === 0) {
                process.stdout.write(`${file}: OK, ${c.plan!.objects.length} objects, no findings${options.live ? ", nothing in the mesh against them" : ""}\n`);
            } else {
                const liveLines = live.map((f) => `${file}: live ${f.severity} ${f.code} ${f.object}: ${f.message}`);
                process.stderr.write(`${[...reportText(c), ...liveLines].join("\n")}\n`);
            }
            process.exitCode = code;
        });

    cli.command("simulate")
        .description("Walk every exit through the Envoy configuration Istio itself generates (sidecar, then gateway): exit 0 when every call goes where the plan says, 1 when one does not, 2 when the file is unusable or the simulator is not built.")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
        .option("--stats", "also print the size of the configuration Istio generates for a sidecar and for the gateway")
        .option("--live", "add the Istio objects the mesh API server holds (read-only) and simulate the namespaces of their Sidecars too")
        .option("--kubeconfig <file>", "with --live: the mesh API server's kubeconfig (default: $KUBECONFIG, then ~/.kube/config)")
        .action(async (file: string, options: { format: "text" | "json"; stats?: boolean; live?: boolean; kubeconfig?: string }) => {
            liveOptionsOrExit(options);
            const plan = usablePlan(file);
            if (plan.routing.path === "asmEgressTrafficPolicy") {
                // Istio's generator only sees objects; the ones ASM generates from the policy are not ours to model.
                process.stderr.write(`${file}: routes are an ASMEgressTrafficPolicy, from which ASM's control plane generates the Istio objects; the simulator has no ASM controller, so only routing: istio can be simulated\n`);
                process.exit(EXIT.unusable);
            }
            let binary: string;
            try {
                binary = findSimulator();
            } catch (e) {
                process.stderr.write(`${(e as Error).message}\n`);
                process.exit(EXIT.unusable);
            }
            const simulation = simulationFor(plan, options.live ? foreignObjects(plan, await liveObjectsOrExit(file, options.kubeconfig)) : []);
            const output = runSimulator(simulation, binary);
            const verdict = judge(simulation, output.results);
            const stats = options.stats ? configStats(output.stats) : undefined;
            if (options.format === "json") {
                process.stdout.write(`${JSON.stringify({ calls: verdict.calls, ok: verdict.ok, notJudged: NOT_JUDGED, ...(stats ? { stats } : {}) }, null, 2)}\n`);
            } else {
                const lines = formatVerdicts(verdict.calls, output.results, simulation);
                const wrong = verdict.calls.filter((c) => !c.ok).length;
                lines.push(`${verdict.calls.length} calls, ${wrong} wrong`);
                lines.push(...NOT_JUDGED.map((n) => `not judged: ${n}`));
                if (stats) lines.push(...Object.entries(stats).map(([proxy, s]) => `config of ${proxy}: ${s.listeners} listeners, ${s.routes} route configs, ${s.clusters} clusters, ${s.bytes} bytes`));
                process.stdout.write(`${lines.join("\n")}\n`);
            }
            process.exitCode = verdict.ok ? EXIT.ok : EXIT.findings;
        });

    return cli;
}

/** The gateway's configuration and one sidecar's (the first simulated namespace). */
function configStats(stats: Record<string, ProxyStats>): Record<string, ProxyStats> {
    const sidecar = Object.keys(stats).find((k) => k.startsWith("sidecar/"));
    return { gateway: stats[GATEWAY_PROXY], ...(sidecar ? { [sidecar]: stats[sidecar] } : {}) };
}

if (require.main === module) {
    void program().parseAsync(process.argv);
}
