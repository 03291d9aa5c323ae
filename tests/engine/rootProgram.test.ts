// The root Pulumi program (index.ts) through the real engine against the test mesh API server,
// driven by stack config the way a user drives it: `configFile`, or structured `meshEgress`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { Manifest, manifestId } from "../../components/internal";
import { REPO_ROOT } from "./binaries";
import type { TestCluster } from "./cluster";
import { cliRender, engineWithCluster, writeConfigFile } from "./engine";
import { ENGINE_SCENARIOS, namespacesOf } from "./scenarios";
import { EngineStack } from "./stack";

const ROOT_PROGRAM = path.join(REPO_ROOT, "bin", "index.js");

/** Runs bin/index.js afresh, as the Node.js language host would, and returns its exports. */
async function rootProgram(): Promise<Record<string, unknown>> {
    delete require.cache[require.resolve(ROOT_PROGRAM)];
    return { ...(await import(ROOT_PROGRAM)) };
}

const seed = ENGINE_SCENARIOS[0].args;
const mixed = ENGINE_SCENARIOS[1].args;

const CASES = [
    { name: "configFile", args: seed, config: (file: string) => ({ configFile: { value: file } }) },
    { name: "structured meshEgress config", args: mixed, config: (file: string) => ({ meshEgress: { value: JSON.stringify(withoutKubeconfig(file)) } }) },
];

/** The file's arguments as structured config: credentials stay in the secret `kubeconfig`. */
function withoutKubeconfig(file: string): Record<string, unknown> {
    const { kubeconfig: _kubeconfig, ...args } = parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    return args;
}

for (const c of CASES) {
    describe(`root program (index.ts) through the real engine: ${c.name}`, function () {
        this.timeout(600_000);
        let cluster: TestCluster;
        let stack: EngineStack;
        let rendered: Manifest[];

        before(async function () {
            cluster = engineWithCluster(this);
            const file = writeConfigFile(c.args);
            rendered = cliRender(file);
            cluster.ensureNamespaces(namespacesOf(rendered));
            stack = await EngineStack.create(`root-${c.name.replace(/\W+/g, "-").toLowerCase()}`, rootProgram, {
                ...c.config(file),
                kubeconfig: { value: cluster.kubeconfig, secret: true },
            });
        });

        after(async () => {
            await stack?.remove();
        });

        it("up deploys what mesh-egress render prints for the same file, with a secret kubeconfig output", async () => {
            const run = await stack.up();
            const live = cluster.managedObjects();
            assert.deepStrictEqual(live.map(manifestId).sort(), rendered.map(manifestId).sort());
            const byId = new Map(live.map((m) => [manifestId(m), m]));
            for (const m of rendered) assert.deepStrictEqual(byId.get(manifestId(m))!.spec, m.spec, manifestId(m));
            const out = await stack.stack.outputs();
            assert.strictEqual(out.kubeconfigSecret.secret, true);
            assert.deepStrictEqual(out.istioObjects.value, rendered.map(manifestId));
            assert.ok(!stack.stateFileText().includes(cluster.token), "state holds the token in plain text");
            assert.ok(!run.output.includes(cluster.token), "output shows the token");
        });

        it("a second preview changes nothing; destroy removes everything", async () => {
            const preview = await stack.preview();
            assert.deepStrictEqual(Object.keys(preview.changes), ["same"], JSON.stringify(preview.changes));
            await stack.destroy();
            assert.deepStrictEqual(cluster.managedObjects(), []);
        });
    });
}
