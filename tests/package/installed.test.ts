// The package as a user installs it: `npm pack`, then `npm install <tarball> --omit=dev` in an
// empty folder. Everything here runs from that folder, never from the checkout, so a runtime
// import that reaches a dev dependency (the TypeScript compiler, a test library) fails it.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { REPO_ROOT, locate, requireBinaries } from "../engine/binaries";
import { engineEnv } from "../engine/stack";
import { PLUGIN, emptyConsumer, installedPackage, isolatedPath, npm } from "../support/installedPackage";

/** Every file `npm pack` puts in the package: the compiled runtime, the schema, one typings file. */
const PACKED_FILES = [
    "CHANGELOG.md",
    "README.md",
    "bin/cli/accessLog.js",
    "bin/cli/audit.js",
    "bin/cli/auditFormat.js",
    "bin/cli/configFile.js",
    "bin/cli/graph.js",
    "bin/cli/logFilter.js",
    "bin/cli/logLines.js",
    "bin/cli/main.js",
    "bin/cli/rbac.js",
    "bin/cli/render.js",
    "bin/cli/runSimulator.js",
    "bin/cli/simulate.js",
    "bin/cli/simulatorWire.js",
    "bin/cli/summary.js",
    "bin/cli/verdict.js",
    "bin/cli/verdictText.js",
    "bin/cli/version.js",
    "bin/components/access.js",
    "bin/components/adoption.js",
    "bin/components/analyze.js",
    "bin/components/args.js",
    "bin/components/checks.js",
    "bin/components/cidr.js",
    "bin/components/egressIp.js",
    "bin/components/gateway.js",
    "bin/components/hostSyntax.js",
    "bin/components/index.js",
    "bin/components/inputChecks.js",
    "bin/components/inputs.js",
    "bin/components/internal.js",
    "bin/components/istioTypes.js",
    "bin/components/listeners.js",
    "bin/components/liveChecks.js",
    "bin/components/liveGate.js",
    "bin/components/liveMesh.js",
    "bin/components/liveReadError.js",
    "bin/components/manifest.js",
    "bin/components/mesh.js",
    "bin/components/meshEgress.js",
    "bin/components/naming.js",
    "bin/components/objectSchemas.js",
    "bin/components/observe.js",
    "bin/components/outbound.js",
    "bin/components/plan.js",
    "bin/components/policy.js",
    "bin/components/problems.js",
    "bin/components/routing.js",
    "bin/components/spec.js",
    "bin/components/traffic.js",
    "bin/components/validate.js",
    "bin/components/validateEgressIp.js",
    "bin/components/validateService.js",
    "bin/mesh-egress.d.ts",
    "bin/provider/main.js",
    "bin/provider/plugin/pulumi-resource-mesh-egress",
    "bin/provider/schema.json",
    "bin/provider/server.js",
    "package.json",
];

/** Runs a command in the consumer's folder with its node_modules/.bin (and `dirs`) on PATH, nothing of this repository. */
function inConsumer(command: string, args: string[], dirs: string[] = []): { status: number | null; stdout: string; stderr: string } {
    const { consumer, binDir } = installedPackage();
    const { MESH_EGRESS_SIMULATOR: _unset, ...env } = process.env;
    const r = spawnSync(command, args, { cwd: consumer, encoding: "utf8", env: { ...env, ...engineEnv(), PATH: isolatedPath([binDir, ...dirs]) } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The bare package names a compiled file requires (`@scope/name` or `name`; Node's own modules aside). */
function requiredPackages(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const names = [...text.matchAll(/require\("([^".][^"]*)"\)/g)].map((m) => m[1]);
    return names.filter((n) => !n.startsWith("node:") && !builtinModules.includes(n)).map((n) => n.split("/").slice(0, n.startsWith("@") ? 2 : 1).join("/"));
}

describe("the package as a user installs it (npm pack, npm install --omit=dev)", function () {
    this.timeout(300_000);

    before(() => {
        installedPackage();
    });

    it("ships exactly the runtime files, the schema, the plugin launcher and one typings file", () => {
        const [packed] = JSON.parse(npm(["pack", "--dry-run", "--ignore-scripts", "--json"], REPO_ROOT)) as { files: { path: string }[] }[];
        assert.deepStrictEqual(packed.files.map((f) => f.path).sort(), PACKED_FILES);
    });

    it("every package a shipped file requires is installed without dev dependencies", () => {
        const { consumer } = installedPackage();
        const root = path.join(consumer, "node_modules", "mesh-egress");
        const shipped = PACKED_FILES.filter((f) => f.endsWith(".js")).map((f) => path.join(root, f));
        const required = [...new Set(shipped.flatMap(requiredPackages))].sort();
        assert.deepStrictEqual(required, ["@kubernetes-models/istio", "@kubernetes/client-node", "@pulumi/alicloud", "@pulumi/kubernetes", "@pulumi/pulumi", "ajv", "commander", "yaml"]);
        for (const name of required) assert.ok(fs.existsSync(path.join(consumer, "node_modules", name, "package.json")), `${name} is not installed`);
        assert.ok(!fs.existsSync(path.join(consumer, "node_modules", "typescript")), "typescript came along: a runtime dependency needs it");
    });

    it("mesh-egress --version prints the package's version", () => {
        const r = inConsumer("mesh-egress", ["--version"]);
        assert.deepStrictEqual(r, { status: 0, stdout: "0.2.0\n", stderr: "" });
    });

    it("npx mesh-egress plan on the seed example prints what the checkout's CLI prints", () => {
        const file = path.join(REPO_ROOT, "examples", "aliyun", "egress.yaml");
        const r = inConsumer("npx", ["--no-install", "mesh-egress", "plan", file]);
        assert.strictEqual(r.stderr, "");
        assert.strictEqual(r.status, 0);
        assert.ok(r.stdout.startsWith(`mesh-egress plan for ${file}\n`), r.stdout);
        const fromCheckout = execFileSync(process.execPath, [path.join(REPO_ROOT, "bin", "cli", "main.js"), "plan", file], { encoding: "utf8" });
        assert.strictEqual(r.stdout, fromCheckout);
    });

    it("mesh-egress simulate says how to get the simulator, which the package does not ship (exit 2)", () => {
        const r = inConsumer("mesh-egress", ["simulate", path.join(REPO_ROOT, "examples", "aliyun", "egress.yaml")]);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(
            r.stderr,
            "the simulator is not part of the installed package; build it from a mesh-egress checkout with: bash scripts/install-simulator.sh (needs Go), and name the binary in MESH_EGRESS_SIMULATOR\n",
        );
    });

    it("the plugin starts and serves its schema (pulumi package get-schema)", function () {
        // The CLI binds the schema's references to the Kubernetes package: its provider sits beside the CLI.
        const [pulumiDir] = requireBinaries(this, [locate("install-pulumi.sh")]);
        const { binDir } = installedPackage();
        const r = inConsumer("pulumi", ["package", "get-schema", path.join(binDir, PLUGIN)], [pulumiDir]);
        assert.strictEqual(r.status, 0, r.stderr);
        const served = JSON.parse(r.stdout);
        const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8"));
        assert.strictEqual(served.name, "mesh-egress");
        assert.strictEqual(served.version, "0.2.0");
        assert.deepStrictEqual(served.resources, committed.resources);
        assert.deepStrictEqual(served.types, committed.types);
    });

    it("exports the public surface alone: the component, its type token and its errors; internals are not reachable", () => {
        const script = [
            'const m = require("mesh-egress");',
            "console.log(JSON.stringify(Object.keys(m).sort()));",
            'try { require("mesh-egress/bin/components/internal"); console.log("internal reachable"); } catch (e) { console.log(e.code); }',
        ].join("\n");
        const r = inConsumer(process.execPath, ["-e", script]);
        assert.strictEqual(r.stderr, "");
        assert.deepStrictEqual(r.stdout.trim().split("\n"), ['["GeneratedObjectsError","MESH_EGRESS_TYPE","MeshEgress","MeshEgressInputError"]', "ERR_PACKAGE_PATH_NOT_EXPORTED"]);
    });

    it("type-checks a consumer program against the one typings file, and refuses a deep import of the internals", () => {
        const { consumer } = installedPackage();
        const dir = fs.mkdtempSync(path.join(consumer, "ts-"));
        fs.writeFileSync(
            path.join(dir, "tsconfig.json"),
            JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "node16", moduleResolution: "node16", target: "ES2022", skipLibCheck: true, types: [] }, files: ["good.ts"] }),
        );
        fs.writeFileSync(
            path.join(dir, "good.ts"),
            [
                'import { MeshEgress, MeshEgressArgs, MeshEgressInputError } from "mesh-egress";',
                'const args: MeshEgressArgs = { kubeconfig: "kc", clusterIds: ["c"], services: [{ name: "a", hosts: ["a.example"], ports: [{ number: 80, protocol: "HTTP" }] }] };',
                "export const make = (): MeshEgress => new MeshEgress(\"e\", args);",
                "export const isInputError = (e: unknown): boolean => e instanceof MeshEgressInputError;",
                "",
            ].join("\n"),
        );
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        const good = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
        assert.strictEqual(good.status, 0, good.stdout);
        fs.writeFileSync(path.join(dir, "good.ts"), 'import { buildEgressPlan } from "mesh-egress/bin/components/internal";\nexport const p = buildEgressPlan;\n');
        const bad = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stdout, /good\.ts\(1,33\): error TS2307: Cannot find module 'mesh-egress\/bin\/components\/internal'/);
    });

    it("beside a newer @pulumi/pulumi 3.x in the consumer, the tree holds that one copy", () => {
        const consumer = emptyConsumer("mesh-egress-sdk-");
        npm(["install", "--package-lock-only", "--omit=dev", "@pulumi/pulumi@3.260.0", installedPackage().tarball], consumer);
        const lock = JSON.parse(fs.readFileSync(path.join(consumer, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
        const copies = Object.entries(lock.packages)
            .filter(([where]) => where.endsWith("node_modules/@pulumi/pulumi"))
            .map(([where, p]) => `${where} ${p.version}`);
        assert.deepStrictEqual(copies, ["node_modules/@pulumi/pulumi 3.260.0"]);
    });
});
