#!/usr/bin/env node
// mesh-egress: plan, render, graph and check an egress setup from a config file, without a
// cloud account, over the same pure core the Pulumi component uses.
import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import type { Finding } from "../components/analyze";
import { planFindings } from "../components/checks";
import { EgressPlan, buildEgressPlan } from "../components/plan";
import { FileProblem, formatFileProblem, loadConfigFile } from "./configFile";
import { dependencyGraph, toDot, toMermaid } from "./graph";
import { renderFiles, renderYaml } from "./render";
import { summary } from "./summary";

/** Exit codes: 0 clean, 1 findings in a usable file, 2 the file cannot be used at all. */
export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

interface Checked {
    file: string;
    unusable: boolean;
    problems: FileProblem[];
    findings: Finding[];
    plan?: EgressPlan;
}

function checkFile(file: string): Checked {
    const loaded = loadConfigFile(file);
    if (loaded.unusable || loaded.problems.length > 0 || !loaded.args) {
        return { file, unusable: loaded.unusable, problems: loaded.problems, findings: [] };
    }
    const plan = buildEgressPlan(loaded.args, file);
    return { file, unusable: false, problems: [], findings: planFindings(plan), plan };
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

/** Loads a file for a command that needs a clean plan; reports and exits otherwise. */
function usablePlan(file: string): EgressPlan {
    const c = checkFile(file);
    const code = exitCodeOf(c);
    if (code !== EXIT.ok || !c.plan) {
        process.stderr.write(`${reportText(c).join("\n")}\n`);
        process.exit(code);
    }
    return c.plan;
}

export function program(): Command {
    const cli = new Command("mesh-egress")
        .description("Plan, render, graph and check an ASM egress gateway setup from a MeshEgress config file (YAML or JSON), without a cloud account.")
        .showHelpAfterError();

    cli.command("plan")
        .description("Show every exit (who -> gateway listener -> host:port, kind of traffic, TLS per hop, who is allowed), the objects and the rollout waves.")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .action((file: string) => {
            process.stdout.write(summary(usablePlan(file), file));
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
        .description("Only validate: exit 0 when clean, 1 with findings, 2 when the file cannot be used.")
        .argument("<file>", "MeshEgress arguments as YAML or JSON")
        .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
        .action((file: string, options: { format: "text" | "json" }) => {
            const c = checkFile(file);
            const code = exitCodeOf(c);
            if (options.format === "json") {
                const report = { file, ok: code === EXIT.ok, unusable: c.unusable, problems: c.problems, findings: c.findings, objects: c.plan?.objects.length ?? 0 };
                process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            } else if (code === EXIT.ok) {
                process.stdout.write(`${file}: OK, ${c.plan!.objects.length} objects, no findings\n`);
            } else {
                process.stderr.write(`${reportText(c).join("\n")}\n`);
            }
            process.exitCode = code;
        });

    return cli;
}

if (require.main === module) {
    program().parse(process.argv);
}
