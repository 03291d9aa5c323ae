// The committed Python and Go SDKs (sdk/python, sdk/go) must be what Pulumi's generators write from
// the committed schema now, and say what their users rely on.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { locate, requireBinaries } from "../engine/binaries";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SDK = path.join(ROOT, "sdk");

/** Every file under `dir`, by its path relative to `dir`, with its content. */
function tree(dir: string): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (at: string) => {
        for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
            const full = path.join(at, entry.name);
            if (entry.isDirectory()) walk(full);
            else files.set(path.relative(dir, full), fs.readFileSync(full, "utf8"));
        }
    };
    walk(dir);
    return files;
}

/** The files of sdk/ that git keeps (tracked, or new and not ignored): not a build's leftovers. */
function committedSdk(): Map<string, string> {
    const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "sdk"], { cwd: ROOT, encoding: "utf8" });
    return new Map(
        listed
            .split("\n")
            .filter((f) => f && fs.existsSync(path.join(ROOT, f)))
            .map((f) => [path.relative("sdk", f), fs.readFileSync(path.join(ROOT, f), "utf8")]),
    );
}

function read(file: string): string {
    return fs.readFileSync(path.join(SDK, file), "utf8");
}

describe("generated SDKs (sdk/)", function () {
    this.timeout(120_000);

    it("are what npm run gen-sdks writes from the current schema, file for file", function () {
        requireBinaries(this, [locate("install-sdkgen.sh")]);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-sdks-"));
        try {
            const r = spawnSync("bash", [path.join(ROOT, "scripts", "gen-sdks.sh"), out], { encoding: "utf8", env: { ...process.env, MESH_EGRESS_NO_BUILD: "1" } });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(fs.readFileSync(path.join(out, "schema.json"), "utf8"), fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"), "stale schema.json: run npm run gen-sdks");
            const fresh = tree(path.join(out, "sdk"));
            const committed = committedSdk();
            assert.deepStrictEqual([...committed.keys()].sort(), [...fresh.keys()].sort(), "stale sdk/: run npm run gen-sdks");
            for (const [file, content] of fresh) assert.strictEqual(committed.get(file), content, `stale sdk/${file}: run npm run gen-sdks`);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });

    it("Python: the package pulumi_mesh_egress, its version, its dependencies, typed args and enums", () => {
        const pyproject = read("python/pyproject.toml");
        assert.ok(pyproject.includes('name = "pulumi_mesh_egress"'), pyproject);
        assert.ok(pyproject.includes('version = "0.2.0"'), pyproject);
        assert.ok(pyproject.includes('"pulumi>=3.142.0,<4.0.0"'), pyproject);
        assert.ok(pyproject.includes('"pulumi-kubernetes>=4.34.2,<5.0.0"'), pyproject);
        const enums = read("python/pulumi_mesh_egress/_enums.py");
        assert.ok(enums.includes('    REGISTRY_ONLY = "REGISTRY_ONLY"'), enums);
        assert.ok(enums.includes('    ASM_EGRESS_TRAFFIC_POLICY = "asmEgressTrafficPolicy"'), enums);
        const component = read("python/pulumi_mesh_egress/mesh_egress.py");
        assert.ok(component.includes("class MeshEgress(pulumi.ComponentResource):"), "MeshEgress is a component");
        assert.ok(component.includes("cluster_ids: pulumi.Input[Sequence[pulumi.Input[_builtins.str]]]"), "cluster_ids takes Inputs");
        assert.ok(component.includes("def kubernetes_provider(self) -> pulumi.Output['pulumi_kubernetes.Provider']:"), "kubernetes_provider is the Kubernetes SDK's Provider");
        assert.ok(read("python/pulumi_mesh_egress/_inputs.py").includes("number: pulumi.Input[_builtins.int]"), "ports are ints");
    });

    it("Go: the module and package, the Kubernetes SDK it needs, typed args and enums", () => {
        const gomod = read("go/go.mod");
        assert.ok(gomod.startsWith("module github.com/mesh-egress/mesh-egress/sdk/go\n"), gomod);
        assert.ok(/github\.com\/pulumi\/pulumi-kubernetes\/sdk\/v4 v4\.32\.0/.test(gomod), gomod);
        assert.ok(/github\.com\/pulumi\/pulumi\/sdk\/v3 v3\.\d+\.\d+/.test(gomod), gomod);
        const enums = read("go/meshegress/pulumiEnums.go");
        assert.ok(/OutboundTrafficPolicyRegistryOnly\s+= OutboundTrafficPolicy\("REGISTRY_ONLY"\)/.test(enums), enums);
        assert.ok(/RoutingModeAsmEgressTrafficPolicy\s+= RoutingMode\("asmEgressTrafficPolicy"\)/.test(enums), enums);
        assert.ok(/PortProtocolHTTPS\s+= PortProtocol\("HTTPS"\)/.test(enums), enums);
        const component = read("go/meshegress/meshEgress.go");
        assert.ok(component.includes("package meshegress"), "package name");
        assert.ok(/KubernetesProvider kubernetes\.ProviderOutput `pulumi:"kubernetesProvider"`/.test(component), "the provider output is typed");
        assert.ok(/Kubeconfig pulumi\.StringOutput `pulumi:"kubeconfig"`/.test(component), "kubeconfig output");
        assert.ok(/Number pulumi\.IntInput `pulumi:"number"`/.test(read("go/meshegress/pulumiTypes.go")), "ports are ints");
    });
});
