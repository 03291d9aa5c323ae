// MeshEgress from Pulumi YAML: the component provider (`pulumi-resource-mesh-egress`) and the YAML
// language host, through the real engine, against the test mesh API server.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { MeshEgressArgs, buildEgressPlan, manifestId } from "../../components/internal";
import { REPO_ROOT, locate, requireBinaries, requireYamlHost } from "./binaries";
import type { TestCluster } from "./cluster";
import { cliRender, engineWithCluster, meshEgressProgram, writeConfigFile } from "./engine";
import { SEED, namespacesOf } from "./scenarios";
import { EngineStack, registered, usePlugins } from "./stack";

const EXAMPLE = path.join(REPO_ROOT, "examples", "yaml");

/** The MeshEgress arguments the YAML example declares (credentials come from config). */
function yamlArgs(dir: string): MeshEgressArgs {
    const program = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    const { kubeconfig: _kubeconfig, ...args } = program.resources.egress.properties;
    return args as MeshEgressArgs;
}

describe("Pulumi YAML program through the component provider (examples/yaml)", function () {
    this.timeout(600_000);
    let cluster: TestCluster;
    let stack: EngineStack;

    before(async function () {
        cluster = engineWithCluster(this);
        const [pluginDir] = requireBinaries(this, [locate("install-provider.sh")]);
        requireYamlHost(this);
        usePlugins([pluginDir]);
        cluster.ensureNamespaces(namespacesOf(cliRender(writeConfigFile(SEED))));
        stack = await EngineStack.fromDirectory("yaml-seed", EXAMPLE, { kubeconfig: { value: cluster.kubeconfig, secret: true } });
    });

    after(async () => {
        await stack?.remove();
    });

    it("the plugin serves the built schema over the engine's protocol, at once", () => {
        const plugin = path.join(locate("install-provider.sh").dir!, "pulumi-resource-mesh-egress");
        const started = Date.now();
        const served = execFileSync("pulumi", ["package", "get-schema", plugin], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
        const seconds = (Date.now() - started) / 1000;
        const got = JSON.parse(served);
        const built = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "bin", "provider", "schema.json"), "utf8"));
        // The CLI normalises what it prints (an empty `config`, language defaults); the package is the same.
        for (const key of ["name", "version", "resources", "types"]) assert.deepStrictEqual(got[key], built[key], key);
        // CLI start, plugin start (Node.js) and the GetSchema call: 1.6 s measured on 2 cores.
        assert.ok(seconds < 5, `get-schema took ${seconds} s`);
    });

    it("declares the seed scenario", () => {
        assert.deepStrictEqual(yamlArgs(EXAMPLE), SEED);
    });

    it("previews exactly the objects of the TypeScript program for the same input, byte for byte", async () => {
        const yamlPreview = await stack.preview();
        const plan = buildEgressPlan({ ...SEED, kubeconfig: "kc" });
        assert.deepStrictEqual([...registered(yamlPreview).keys()].sort(), plan.objects.map((o) => `egress-${o.id}`).sort());
        const ts = await EngineStack.create("ts-seed-for-yaml", meshEgressProgram(SEED, cluster.kubeconfig));
        try {
            const tsPreview = await ts.preview();
            assert.deepStrictEqual(registered(yamlPreview), registered(tsPreview));
        } finally {
            await ts.remove();
        }
        assert.deepStrictEqual(cluster.managedObjects(), []);
    });

    it("fails preview on a bad input with its path, and creates nothing", async () => {
        const file = path.join(stack.workDir, "Pulumi.yaml");
        const good = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, good.replace("- number: 80", "- number: 70000"));
        try {
            await assert.rejects(stack.preview(), (e: Error) => /services\[0\]\.ports\[0\]\.number: 70000 is not valid; use a whole number from 1 to 65535/.test(e.message));
            await assert.rejects(stack.up(), /services\[0\]\.ports\[0\]\.number/);
            assert.deepStrictEqual(cluster.managedObjects(), []);
            // A failed `up` records the stack and its providers (nothing on any server), never the component.
            assert.deepStrictEqual((await stack.stateResources()).filter((r) => !r.startsWith("pulumi:")), []);
        } finally {
            fs.writeFileSync(file, good);
        }
    });

    it("up creates them in dependency order; a second preview changes nothing; destroy removes them", async () => {
        const run = await stack.up();
        const plan = buildEgressPlan({ ...SEED, kubeconfig: "kc" });
        const at = (phase: string, name: string) => run.steps.findIndex((s) => s.phase === phase && s.name === name && s.op === "create");
        for (const o of plan.objects) {
            for (const dep of o.dependsOn) assert.ok(at("done", `egress-${dep}`) < at("pre", `egress-${o.id}`), `${o.id} before ${dep}`);
        }
        const live = cluster.managedObjects();
        const rendered = cliRender(writeConfigFile(SEED));
        assert.deepStrictEqual(live.map(manifestId).sort(), rendered.map(manifestId).sort());
        const out = await stack.stack.outputs();
        assert.strictEqual(out.gatewayHost.value, plan.gatewayHost);
        assert.deepStrictEqual(out.istioObjects.value, rendered.map(manifestId));
        assert.strictEqual(out.routing.value, "istio");
        assert.deepStrictEqual(out.egressIps.value, []);
        assert.ok(!stack.stateFileText().includes(cluster.token), "the state holds the token in plain text");
        const again = await stack.preview();
        assert.deepStrictEqual(Object.keys(again.changes), ["same"], JSON.stringify(again.changes));
        await stack.destroy();
        assert.deepStrictEqual(cluster.managedObjects(), []);
    });
});
