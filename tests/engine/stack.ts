// A Pulumi stack driven through the Automation API with an inline program: the real engine and
// the real plugins, the program served from this process (no Node.js language host needed),
// state in a local file backend under a temporary directory.
import * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PROJECT = "mesh-egress-engine-test";

/** One engine step as the event stream reports it. */
export interface Step {
    /** `pre` when the step starts, `done` when its outputs are in. */
    phase: "pre" | "done";
    op: string;
    type: string;
    /** The resource's name, the last part of its URN. */
    name: string;
    /** Inputs the step sends (create/update/same), as the engine reports them. */
    inputs?: Record<string, any>;
}

export interface Run {
    steps: Step[];
    changes: Record<string, number>;
    output: string;
}

function stepsOf(events: automation.EngineEvent[]): Step[] {
    const steps: Step[] = [];
    for (const event of events) {
        const pre = event.resourcePreEvent?.metadata;
        const done = event.resOutputsEvent?.metadata;
        const meta = pre ?? done;
        if (!meta) continue;
        steps.push({
            phase: pre ? "pre" : "done",
            op: meta.op,
            type: meta.type,
            name: meta.urn.split("::").pop()!,
            inputs: meta.new?.inputs as Record<string, any> | undefined,
        });
    }
    return steps;
}

/** The manifests a run registers, by object name, exactly as the engine received them. */
export function registered(run: { steps: Step[] }): Map<string, string> {
    return new Map(
        run.steps
            .filter((s) => s.phase === "pre" && s.type.startsWith("kubernetes:") && !s.type.startsWith("pulumi:providers:") && s.inputs)
            .map((s) => {
                const { apiVersion, kind, metadata, spec } = s.inputs as { apiVersion: string; kind: string; metadata: unknown; spec: unknown };
                return [s.name, JSON.stringify({ apiVersion, kind, metadata, spec })];
            }),
    );
}

/** What every engine process of the tests runs with: a fixed passphrase, no network look-ups. */
export function engineEnv(): Record<string, string> {
    return {
        PULUMI_CONFIG_PASSPHRASE: "mesh-egress-engine-test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    };
}

/** A fresh directory for one stack: its state backend under `state/`. */
export function stackHome(): string {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-engine-"));
    fs.mkdirSync(path.join(home, "state"));
    return home;
}

/** A stack's state file in the file backend under `home`, exactly as stored ("" before the first write). */
export function stateFileText(home: string, project: string, stackName: string): string {
    const file = path.join(home, "state", ".pulumi", "stacks", project, `${stackName}.json`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** Puts the directories that hold `pulumi` and the resource plugins first on PATH. */
export function usePlugins(dirs: string[]): void {
    process.env.PATH = [...dirs, process.env.PATH].join(path.delimiter);
}

export class EngineStack {
    private constructor(
        readonly stack: automation.Stack,
        readonly home: string,
        readonly stackName: string,
        readonly project: string,
    ) {}

    /** A stack of an inline program, served from this process. */
    static async create(stackName: string, program: automation.PulumiFn, config: Record<string, automation.ConfigValue> = {}, env: Record<string, string> = {}): Promise<EngineStack> {
        const home = stackHome();
        fs.mkdirSync(path.join(home, "work"));
        const stack = await automation.LocalWorkspace.createOrSelectStack(
            { stackName, projectName: PROJECT, program },
            {
                workDir: path.join(home, "work"),
                pulumiHome: path.join(home, "pulumi-home"),
                projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: `file://${path.join(home, "state")}` } },
                envVars: { ...engineEnv(), ...env },
            },
        );
        if (Object.keys(config).length) await stack.setAllConfig(config);
        return new EngineStack(stack, home, stackName, PROJECT);
    }

    /**
     * A stack of a program on disk (its Pulumi.yaml names the runtime), run from a copy of `dir`;
     * `env` is added to every engine process's environment (a PATH of its own, say).
     */
    static async fromDirectory(stackName: string, dir: string, config: Record<string, automation.ConfigValue> = {}, env: Record<string, string> = {}): Promise<EngineStack> {
        const home = stackHome();
        const workDir = path.join(home, "work");
        fs.cpSync(dir, workDir, { recursive: true });
        const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"))![1];
        const stack = await automation.LocalWorkspace.createOrSelectStack(
            { stackName, workDir },
            { pulumiHome: path.join(home, "pulumi-home"), envVars: { ...engineEnv(), PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`, ...env } },
        );
        if (Object.keys(config).length) await stack.setAllConfig(config);
        return new EngineStack(stack, home, stackName, project);
    }

    /** The stack's own PULUMI_HOME (plugins installed there are the engine's). */
    get pulumiHome(): string {
        return path.join(this.home, "pulumi-home");
    }

    /** The program directory of a stack made by fromDirectory. */
    get workDir(): string {
        return path.join(this.home, "work");
    }

    /** Replaces the program (the next operation runs it). */
    setProgram(program: automation.PulumiFn): void {
        (this.stack.workspace as automation.LocalWorkspace).program = program;
    }

    async preview(): Promise<Run> {
        const events: automation.EngineEvent[] = [];
        const r = await this.stack.preview({ onEvent: (e) => events.push(e) });
        return { steps: stepsOf(events), changes: r.changeSummary as Record<string, number>, output: r.stdout + r.stderr };
    }

    /** `onEvent` sees each engine event as it comes: where a test injects a fault mid-up. */
    async up(onEvent?: (e: automation.EngineEvent) => void): Promise<Run> {
        const events: automation.EngineEvent[] = [];
        const r = await this.stack.up({
            onEvent: (e) => {
                events.push(e);
                onEvent?.(e);
            },
        });
        return { steps: stepsOf(events), changes: (r.summary.resourceChanges ?? {}) as Record<string, number>, output: r.stdout + r.stderr };
    }

    async refresh(): Promise<Run> {
        const events: automation.EngineEvent[] = [];
        const r = await this.stack.refresh({ onEvent: (e) => events.push(e) });
        return { steps: stepsOf(events), changes: (r.summary.resourceChanges ?? {}) as Record<string, number>, output: r.stdout + r.stderr };
    }

    async destroy(): Promise<Run> {
        const events: automation.EngineEvent[] = [];
        const r = await this.stack.destroy({ onEvent: (e) => events.push(e) });
        return { steps: stepsOf(events), changes: (r.summary.resourceChanges ?? {}) as Record<string, number>, output: r.stdout + r.stderr };
    }

    /** The stack's state file exactly as the backend stores it. */
    stateFileText(): string {
        return stateFileText(this.home, this.project, this.stackName);
    }

    /** Resources in the state, as `type::name`. */
    async stateResources(): Promise<string[]> {
        const deployment = await this.stack.exportStack();
        const resources = (deployment.deployment?.resources ?? []) as { urn: string; type: string }[];
        return resources.map((r) => `${r.type}::${r.urn.split("::").pop()}`).sort();
    }

    /** What a user runs after a killed CLI: removes the stack's lock (`pulumi cancel`). */
    async cancel(): Promise<void> {
        await this.stack.cancel();
    }

    async remove(): Promise<void> {
        await this.stack.workspace.removeStack(this.stackName, { force: true }).catch(() => undefined);
        fs.rmSync(this.home, { recursive: true, force: true });
    }
}
