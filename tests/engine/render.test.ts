// The render-only variant: the real engine and the real Kubernetes provider with
// `renderYamlToDirectory`, so no API server is needed. It writes exactly what
// `mesh-egress render` prints.
import * as k8s from "@pulumi/kubernetes";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { Manifest, MeshEgress, manifestId } from "../../components/internal";
import { cliRender, enginePlugins, writeConfigFile } from "./engine";
import { ENGINE_SCENARIOS } from "./scenarios";
import { EngineStack } from "./stack";

function readRendered(dir: string): Manifest[] {
    if (!fs.existsSync(dir)) return [];
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"));
    return files.flatMap((f) =>
        parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"))
            .map((d) => d.toJSON() as Manifest | null)
            .filter((m): m is Manifest => m !== null),
    );
}

for (const scenario of ENGINE_SCENARIOS) {
    describe(`real engine, render-only provider: ${scenario.name}`, function () {
        this.timeout(300_000);
        let stack: EngineStack;
        const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-render-"));

        before(async function () {
            enginePlugins(this);
            const slug = `render-${scenario.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().replace(/-+$/, "")}`;
            stack = await EngineStack.create(slug, async () => {
                const render = new k8s.Provider("render", { renderYamlToDirectory: outDir });
                const bypassProtection = scenario.args.bypassProtection && { ...scenario.args.bypassProtection, provider: render };
                new MeshEgress("egress", { ...scenario.args, kubeconfig: "unused: the provider only renders", ...(bypassProtection ? { bypassProtection } : {}) }, { providers: { kubernetes: render } });
            });
        });

        after(async () => {
            await stack?.remove();
            fs.rmSync(outDir, { recursive: true, force: true });
        });

        it("up writes every object mesh-egress render prints, and nothing else", async () => {
            await stack.up();
            const written = readRendered(outDir);
            const rendered = cliRender(writeConfigFile(scenario.args));
            assert.deepStrictEqual(written.map(manifestId).sort(), rendered.map(manifestId).sort());
            const byId = new Map(written.map((m) => [manifestId(m), m]));
            for (const expected of rendered) {
                const actual = byId.get(manifestId(expected))!;
                assert.strictEqual(actual.apiVersion, expected.apiVersion);
                assert.deepStrictEqual(actual.spec, expected.spec, manifestId(expected));
                assert.deepStrictEqual(actual.metadata.labels, expected.metadata.labels, manifestId(expected));
            }
        });

        it("a second preview changes nothing; destroy removes the files", async () => {
            const preview = await stack.preview();
            assert.deepStrictEqual(Object.keys(preview.changes), ["same"], JSON.stringify(preview.changes));
            await stack.destroy();
            assert.deepStrictEqual(readRendered(outDir), []);
        });
    });
}
