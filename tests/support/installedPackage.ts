// The package as a user installs it: packed from this checkout (already built, so without its
// lifecycle scripts) and installed with `npm install --omit=dev` into an empty folder, once per
// test process. The plugin artifact (`npm run package-plugin`) is built the same way.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { REPO_ROOT } from "../engine/binaries";

export const PLUGIN = "pulumi-resource-mesh-egress";

export interface InstalledPackage {
    /** The packed tarball, as `npm pack` wrote it. */
    tarball: string;
    /** The consumer's folder: a package.json, its node_modules and nothing of this repository. */
    consumer: string;
    /** The consumer's node_modules/.bin, where npm linked the CLI and the plugin. */
    binDir: string;
}

/** Runs npm in `cwd` and returns what it printed; cached tarballs are used before the registry. */
export function npm(args: string[], cwd: string): string {
    return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** An empty consumer project under a fresh temporary folder. */
export function emptyConsumer(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "consumer", "private": true }\n');
    return dir;
}

/** `npm pack` of the built checkout into `dir`; returns the tarball's path. */
export function packInto(dir: string): string {
    const [packed] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT)) as { filename: string }[];
    return path.join(dir, packed.filename);
}

let installed: InstalledPackage | undefined;

/** The packed package installed with --omit=dev into an empty folder (once per process). */
export function installedPackage(): InstalledPackage {
    if (installed) return installed;
    const consumer = emptyConsumer("mesh-egress-consumer-");
    const tarball = packInto(fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-pack-")));
    npm(["install", "--omit=dev", tarball], consumer);
    installed = { tarball, consumer, binDir: path.join(consumer, "node_modules", ".bin") };
    return installed;
}

let artifact: string | undefined;

/** `npm run package-plugin`'s artifact, written by its script into a fresh folder (once per process). */
export function pluginArtifact(): string {
    if (artifact) return artifact;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-plugin-"));
    artifact = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "package-plugin.sh"), out], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    return artifact;
}

/** A PATH with none of this repository's directories: the given ones, then Node.js and the system's. */
export function isolatedPath(dirs: string[]): string {
    return [...dirs, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter);
}
