// The README's commands work exactly as written, and CI runs the README's test command.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { readArgsFile } from "../../cli/configFile";
import { buildEgressPlan } from "../../components/internal";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The lines of the first fenced block after a marker comment. */
function blockAfter(marker: string): string[] {
    const start = README.indexOf(marker);
    assert.ok(start >= 0, `README lacks ${marker}`);
    const block = /```bash\n([\s\S]*?)```/.exec(README.slice(start));
    assert.ok(block, `no bash block after ${marker}`);
    return block[1].split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}

/** The body of the first call opened on a line containing `opener`, up to its closing line, dedented. */
function callBody(text: string, opener: string): string[] {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.includes(opener));
    assert.ok(start >= 0, `no ${opener}`);
    const indent = /^\s*/.exec(lines[start])![0];
    const end = lines.findIndex((l, i) => i > start && l.startsWith(indent) && /^\s*\}?\)/.test(l.slice(indent.length)) && !/^\s/.test(l.slice(indent.length)));
    return lines.slice(start + 1, end).map((l) => l.slice(indent.length));
}

/** The first fenced block of a language. */
function fenced(language: string): string {
    const block = new RegExp("```" + language + "\n([\\s\\S]*?)```").exec(README);
    assert.ok(block, `no ${language} block`);
    return block[1];
}

describe("README", function () {
    this.timeout(120_000);

    const commands = blockAfter("<!-- readme-commands");
    it("lists the main-job commands", () => {
        assert.ok(commands.includes("npx mesh-egress plan examples/aliyun/egress.yaml"), commands.join("\n"));
    });

    for (const command of commands) {
        it(`runs: ${command}`, () => {
            const run = spawnSync("bash", ["-c", command], { cwd: ROOT, encoding: "utf8" });
            assert.strictEqual(run.status, 0, `${run.stdout}\n${run.stderr}`);
            assert.ok(run.stdout.length > 0);
        });
    }

    it("shows the seed scenario's ASMEgressTrafficPolicy exactly as the component builds it", () => {
        const guide = fs.readFileSync(path.join(ROOT, "docs", "guide.md"), "utf8");
        const section = guide.slice(guide.indexOf("## Routing through ASM's ASMEgressTrafficPolicy"));
        const block = /```yaml\n([\s\S]*?)```/.exec(section);
        assert.ok(block, "no yaml block in the routing section");
        const seed = readArgsFile(path.join(ROOT, "examples", "aliyun", "egress.yaml"));
        const plan = buildEgressPlan({ ...seed, routing: "asmEgressTrafficPolicy" });
        assert.deepStrictEqual(parse(block[1]), plan.objects.find((o) => o.manifest.kind === "ASMEgressTrafficPolicy")!.manifest);
    });

    it("is the front door: under 10 KB, linking the guide, the CLI, the reference, the design and the developer notes", () => {
        assert.ok(Buffer.byteLength(README) < 10 * 1024, `${Buffer.byteLength(README)} bytes`);
        for (const doc of ["docs/guide.md", "docs/cli.md", "docs/reference.md", "docs/performance.md", "docs/design.md", "DEVELOPMENT.md"]) assert.ok(README.includes(`](${doc})`), doc);
    });

    it("shows the Python and Go calls that the SDK engine tests run (tests/engine/sdk/*/scenarios.*: seed)", () => {
        const sdk = path.join(ROOT, "tests", "engine", "sdk");
        const python = callBody(fenced("python"), "mesh_egress.MeshEgress(");
        assert.ok(python.length >= 10, python.join("\n"));
        assert.deepStrictEqual(python, callBody(fs.readFileSync(path.join(sdk, "python", "scenarios.py"), "utf8"), "mesh_egress.MeshEgress("));
        const go = callBody(fenced("go"), "meshegress.NewMeshEgress(");
        assert.ok(go.length >= 10, go.join("\n"));
        assert.deepStrictEqual(go, callBody(fs.readFileSync(path.join(sdk, "go", "scenarios.go"), "utf8"), "meshegress.NewMeshEgress("));
    });

    it("has the install and test commands that CI runs", () => {
        assert.deepStrictEqual(blockAfter("## Install and test"), ["npm install", "npm test"]);
        const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
        assert.match(ci, /^npm test$/m);
        assert.match(ci, /^npm ci /m);
    });
});

/** A heading's anchor as GitHub makes it. */
function anchorOf(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-");
}

describe("documentation links", () => {
    const DOCS = ["README.md", "DEVELOPMENT.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => path.join("docs", f))];
    for (const doc of DOCS) {
        it(`${doc}: every relative link names a file that exists and a heading it has`, () => {
            const text = fs.readFileSync(path.join(ROOT, doc), "utf8");
            const broken: string[] = [];
            for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^https?:/.test(target)) continue;
                const [file, fragment] = target.split("#");
                const resolved = file ? path.join(path.dirname(doc), file) : doc;
                if (!fs.existsSync(path.join(ROOT, resolved))) {
                    broken.push(`${target}: no ${resolved}`);
                    continue;
                }
                if (fragment && resolved.endsWith(".md")) {
                    const headings = [...fs.readFileSync(path.join(ROOT, resolved), "utf8").matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1]));
                    if (!headings.includes(fragment)) broken.push(`${target}: no heading #${fragment} in ${resolved}`);
                }
            }
            assert.deepStrictEqual(broken, []);
        });
    }
});

describe("Pulumi projects", () => {
    // Pulumi runs package.json's `main` (the component library) unless Pulumi.yaml names the program.
    for (const dir of [".", "examples/aliyun", "examples/mixed"]) {
        it(`${dir}/Pulumi.yaml runs its own index.ts`, () => {
            const project = parse(fs.readFileSync(path.join(ROOT, dir, "Pulumi.yaml"), "utf8"));
            assert.strictEqual(project.main, "index.ts");
            assert.deepStrictEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
            assert.ok(fs.existsSync(path.join(ROOT, dir, "index.ts")));
        });
    }

    it("exports the component, not the program, as the package", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.strictEqual(pkg.main, "bin/components/index.js");
        assert.strictEqual(pkg.types, "bin/mesh-egress.d.ts");
        assert.deepStrictEqual(pkg.exports, { ".": { types: "./bin/mesh-egress.d.ts", default: "./bin/components/index.js" }, "./package.json": "./package.json" });
        assert.deepStrictEqual(pkg.bin, { "mesh-egress": "bin/cli/main.js", "pulumi-resource-mesh-egress": "bin/provider/main.js" });
        assert.strictEqual(pkg.pulumi, undefined);
    });
});
