// A MeshEgress stack declared through a generated SDK (Python or Go) and driven by that language's
// Automation API in a driver process (tests/engine/sdk/<language>/): one engine operation per
// process, the request as JSON on stdin, the answer as JSON on stdout.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, locate, requireBinaries } from "./binaries";
import { PROJECT, Step, engineEnv, stackHome, stateFileText } from "./stack";

export type Operation = "preview" | "up" | "destroy";
/** The scenarios each driver declares (tests/engine/sdk/<language>/scenarios.*). */
export type SdkScenario = "seed" | "mixed" | "invalid";

/** What a driver reads on stdin. */
export interface DriverRequest {
    operation: Operation;
    scenario: SdkScenario;
    stackName: string;
    project: string;
    workDir: string;
    pulumiHome: string;
    backendUrl: string;
    /** Set as the secret stack config `kubeconfig`, which the program passes to MeshEgress. */
    kubeconfig: string;
    env: Record<string, string>;
}

/** What a driver writes on stdout. */
export interface DriverResult {
    steps: Step[];
    changes: Record<string, number>;
    outputs: Record<string, { value: unknown; secret: boolean }>;
    /** The engine's error when the operation failed. */
    error?: string;
}

/** How to start one language's driver. */
export interface Driver {
    language: string;
    command: string[];
    /** Added to the driver's environment (Python's module path). */
    env?: Record<string, string>;
}

function runDriver(driver: Driver, request: DriverRequest): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(driver.command[0], driver.command.slice(1), { env: { ...process.env, ...driver.env }, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) return reject(new Error(`${driver.language} driver exited ${code}: ${stderr}`));
            try {
                resolve(JSON.parse(stdout) as DriverResult);
            } catch (e) {
                reject(new Error(`${driver.language} driver wrote no JSON result (${(e as Error).message}): ${stdout}\n${stderr}`));
            }
        });
        child.stdin.end(JSON.stringify(request));
    });
}

/** The Python and Go drivers, built by scripts/install-sdk-drivers.sh; skips or fails the suite without them. */
export function sdkDriversOrSkip(ctx: Mocha.Context): Driver[] {
    const [python, pythonSdk, go] = requireBinaries(ctx, [locate("install-sdk-drivers.sh")])[0].split("\n");
    const sdk = path.join(REPO_ROOT, "tests", "engine", "sdk");
    return [
        {
            language: "python",
            command: [python, path.join(sdk, "python", "driver.py")],
            // The committed SDK as pip installed it, and the scenarios beside the driver.
            env: { PYTHONPATH: [pythonSdk, path.join(sdk, "python")].join(path.delimiter), PYTHONDONTWRITEBYTECODE: "1" },
        },
        { language: "go", command: [go] },
    ];
}

/** One stack of one driver, its state in a file backend of its own. */
export class SdkStack {
    private readonly home = stackHome();

    constructor(
        readonly driver: Driver,
        readonly stackName: string,
        private readonly kubeconfig: string,
    ) {
        fs.mkdirSync(path.join(this.home, "work"));
    }

    /** The stack's own PULUMI_HOME (plugins installed there are the engine's). */
    get pulumiHome(): string {
        return path.join(this.home, "pulumi-home");
    }

    run(operation: Operation, scenario: SdkScenario): Promise<DriverResult> {
        return runDriver(this.driver, {
            operation,
            scenario,
            stackName: this.stackName,
            project: PROJECT,
            workDir: path.join(this.home, "work"),
            pulumiHome: this.pulumiHome,
            backendUrl: `file://${path.join(this.home, "state")}`,
            kubeconfig: this.kubeconfig,
            env: engineEnv(),
        });
    }

    /** The stack's state file exactly as the backend stores it. */
    stateFileText(): string {
        return stateFileText(this.home, PROJECT, this.stackName);
    }

    remove(): void {
        fs.rmSync(this.home, { recursive: true, force: true });
    }
}
