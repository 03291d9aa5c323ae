// Where the real-engine tests find their binaries: the install scripts' cache directories,
// asked with MESH_EGRESS_NO_BUILD=1 so a test never starts a 20-minute build. A missing binary
// fails under CI and skips loudly elsewhere (never a silent pass).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

export interface Located {
    dir?: string;
    /** Why it is not there, with the command that builds it. */
    missing?: string;
}

/** Runs an install script in no-build mode and returns the directory it prints. */
export function locate(script: string): Located {
    const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", script)], {
        encoding: "utf8",
        env: { ...process.env, MESH_EGRESS_NO_BUILD: "1" },
    });
    if (r.status === 0) return { dir: r.stdout.trim() };
    return { missing: `${(r.stderr || r.error?.message || "").trim()} — build it with: bash scripts/${script}` };
}

/** The Pulumi CLI's directory, holding the YAML language host too; skips or fails the suite without either. */
export function requireYamlHost(ctx: Mocha.Context): string {
    const [pulumiDir] = requireBinaries(ctx, [locate("install-pulumi.sh")]);
    if (!fs.existsSync(path.join(pulumiDir, "pulumi-language-yaml"))) {
        const message = "pulumi-language-yaml is not built; build it with: bash scripts/install-pulumi.sh";
        if (process.env.CI) throw new Error(message);
        process.stderr.write(`\n*** SKIPPED: ${message}\n\n`);
        ctx.skip();
    }
    return pulumiDir;
}

/** Skips the suite (loudly) or, under CI, fails it when a binary is missing. */
export function requireBinaries(ctx: Mocha.Context, found: Located[]): string[] {
    const missing = found.filter((f) => f.missing).map((f) => f.missing!);
    if (missing.length === 0) return found.map((f) => f.dir!);
    const message = `real-engine tests need binaries that are not built:\n  ${missing.join("\n  ")}`;
    if (process.env.CI) throw new Error(message);
    process.stderr.write(`\n*** SKIPPED: ${message}\n\n`);
    ctx.skip();
}
