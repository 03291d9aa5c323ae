// The package as users install it, through the real engine against the test mesh API server:
//  - npm's install (`npm install <tarball> --omit=dev`): the YAML seed program with that folder's
//    node_modules/.bin as the only plugin directory on PATH;
//  - the plugin artifact (`npm run package-plugin`), installed with `pulumi plugin install
//    --file` into an empty PULUMI_HOME: the YAML and Python seed programs with nothing of this
//    repository on PATH. The engine asks for the version the SDK and the schema name, 0.2.0.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildEgressPlan, manifestId } from "../../components/internal";
import { installedPackage, isolatedPath, pluginArtifact, PLUGIN } from "../support/installedPackage";
import { REPO_ROOT, requireYamlHost } from "./binaries";
import type { TestCluster } from "./cluster";
import { cliRender, engineWithCluster, writeConfigFile } from "./engine";
import { SEED, namespacesOf } from "./scenarios";
import { SdkStack, sdkDriversOrSkip } from "./sdkDriver";
import { EngineStack, registered } from "./stack";

const YAML_EXAMPLE = path.join(REPO_ROOT, "examples", "yaml");

/** The seed's objects as the plan names them in the engine (`egress-<id>`). */
function seedObjectNames(): string[] {
    return buildEgressPlan({ ...SEED, kubeconfig: "kc" })
        .objects.map((o) => `egress-${o.id}`)
        .sort();
}

/** The mesh-egress provider the engine recorded in a stack's state: its version. */
function meshEgressProviders(stateText: string): { version?: string }[] {
    const state = JSON.parse(stateText) as { checkpoint: { latest: { resources?: { type: string; inputs?: Record<string, string> }[] } } };
    return (state.checkpoint.latest.resources ?? []).filter((r) => r.type === "pulumi:providers:mesh-egress").map((r) => ({ version: r.inputs?.version }));
}

/** Installs the artifact as a user does, under `version`, into a stack's own PULUMI_HOME. */
function installArtifact(pulumiDir: string, pulumiHome: string, version: string): void {
    execFileSync(path.join(pulumiDir, "pulumi"), ["plugin", "install", "resource", "mesh-egress", version, "--file", pluginArtifact()], {
        env: { ...process.env, PULUMI_HOME: pulumiHome, PATH: isolatedPath([pulumiDir]), PULUMI_SKIP_UPDATE_CHECK: "true" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const plugin = path.join(pulumiHome, "plugins", `resource-mesh-egress-v${version}`, PLUGIN);
    assert.ok(fs.statSync(plugin).mode & 0o111, `${plugin} is not executable`);
}

/** The plugins in a PULUMI_HOME, by directory name. */
function installedPlugins(pulumiHome: string): string[] {
    const dir = path.join(pulumiHome, "plugins");
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.endsWith(".lock") && !f.endsWith(".partial")).sort() : [];
}

describe("the installed package through the real engine", function () {
    this.timeout(900_000);
    let cluster: TestCluster;
    let pulumiDir: string;

    before(function () {
        cluster = engineWithCluster(this);
        pulumiDir = requireYamlHost(this);
        cluster.ensureNamespaces(namespacesOf(cliRender(writeConfigFile(SEED))));
    });

    /** Preview creates nothing; up creates exactly what the CLI renders; a second preview is empty; destroy removes all. */
    async function seedRoundTrip(stack: EngineStack): Promise<void> {
        const preview = await stack.preview();
        assert.deepStrictEqual([...registered(preview).keys()].sort(), seedObjectNames());
        assert.deepStrictEqual(cluster.managedObjects(), []);
        await stack.up();
        assert.deepStrictEqual(cluster.managedObjects().map(manifestId).sort(), cliRender(writeConfigFile(SEED)).map(manifestId).sort());
        const again = await stack.preview();
        assert.deepStrictEqual(Object.keys(again.changes), ["same"], JSON.stringify(again.changes));
        await stack.destroy();
        assert.deepStrictEqual(cluster.managedObjects(), []);
    }

    it("npm install --omit=dev: the YAML seed program runs with that folder's node_modules/.bin as its only plugin directory", async () => {
        const { binDir } = installedPackage();
        const stack = await EngineStack.fromDirectory("installed-yaml", YAML_EXAMPLE, { kubeconfig: { value: cluster.kubeconfig, secret: true } }, { PATH: isolatedPath([binDir, pulumiDir]) });
        try {
            await seedRoundTrip(stack);
        } finally {
            await stack.remove();
        }
    });

    describe("the plugin artifact (npm run package-plugin), installed with pulumi plugin install --file", () => {
        before(() => {
            pluginArtifact();
        });

        it("is named for its version and platform, and holds the launcher and the package, no PulumiPlugin.yaml and no dev dependency", () => {
            assert.match(path.basename(pluginArtifact()), /^pulumi-resource-mesh-egress-v0\.2\.0-(linux|darwin)-(amd64|arm64)\.tar\.gz$/);
            const listing = execFileSync("tar", ["-tzf", pluginArtifact()], { encoding: "utf8", maxBuffer: 64 << 20 }).split("\n");
            for (const entry of ["./pulumi-resource-mesh-egress", "./node_modules/mesh-egress/bin/provider/main.js", "./node_modules/mesh-egress/bin/provider/schema.json", "./node_modules/@pulumi/pulumi/package.json"]) {
                assert.ok(listing.includes(entry), `${entry} missing`);
            }
            assert.ok(!listing.includes("./PulumiPlugin.yaml"));
            assert.ok(!listing.some((e) => e.startsWith("./node_modules/typescript/") || e.startsWith("./node_modules/mocha/")), "a dev dependency is bundled");
        });

        it("the YAML seed program previews, comes up and is destroyed with nothing of this repository on PATH", async () => {
            const stack = await EngineStack.fromDirectory("artifact-yaml", YAML_EXAMPLE, { kubeconfig: { value: cluster.kubeconfig, secret: true } }, { PATH: isolatedPath([pulumiDir]) });
            try {
                assert.deepStrictEqual(installedPlugins(stack.pulumiHome), []);
                installArtifact(pulumiDir, stack.pulumiHome, "0.2.0");
                assert.deepStrictEqual(installedPlugins(stack.pulumiHome), ["resource-mesh-egress-v0.2.0"]);
                await seedRoundTrip(stack);
            } finally {
                await stack.remove();
            }
        });

        it("the Python seed program asks the engine for plugin 0.2.0, and the installed one serves it", async function () {
            const python = sdkDriversOrSkip(this).find((d) => d.language === "python")!;
            const driver = { ...python, env: { ...python.env, PATH: isolatedPath([pulumiDir]) } };
            const stack = new SdkStack(driver, "artifact-python", cluster.kubeconfig);
            try {
                // Another version installed: the SDK's 0.2.0 is what the engine asks for, and it is not there.
                installArtifact(pulumiDir, stack.pulumiHome, "0.1.9");
                const refused = await stack.run("preview", "seed");
                assert.match(refused.error ?? "", /mesh-egress.*0\.2\.0/);
                installArtifact(pulumiDir, stack.pulumiHome, "0.2.0");
                assert.deepStrictEqual(installedPlugins(stack.pulumiHome), ["resource-mesh-egress-v0.1.9", "resource-mesh-egress-v0.2.0"]);
                const preview = await stack.run("preview", "seed");
                assert.strictEqual(preview.error, undefined);
                assert.deepStrictEqual([...registered(preview).keys()].sort(), seedObjectNames());
                assert.deepStrictEqual(cluster.managedObjects(), []);
                const up = await stack.run("up", "seed");
                assert.strictEqual(up.error, undefined);
                assert.deepStrictEqual(cluster.managedObjects().map(manifestId).sort(), cliRender(writeConfigFile(SEED)).map(manifestId).sort());
                assert.deepStrictEqual(meshEgressProviders(stack.stateFileText()), [{ version: "0.2.0" }]);
                const destroyed = await stack.run("destroy", "seed");
                assert.strictEqual(destroyed.error, undefined);
                assert.deepStrictEqual(cluster.managedObjects(), []);
            } finally {
                if (cluster.managedObjects().length) await stack.run("destroy", "seed");
                stack.remove();
            }
        });
    });
});
