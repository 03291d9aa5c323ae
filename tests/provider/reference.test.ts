// docs/reference.md is generated from the package schema: it must be what the generator writes
// now, and it must render what a reader needs.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { PackageSchema } from "../../tools/packageSchema";
import { referenceMarkdown } from "../../tools/reference";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "bin", "provider", "schema.json"), "utf8")) as PackageSchema;

describe("docs/reference.md", () => {
    it("is what npm run docs writes from the current schema", () => {
        assert.strictEqual(fs.readFileSync(path.join(ROOT, "docs", "reference.md"), "utf8"), referenceMarkdown(schema), "stale: run npm run docs and commit docs/reference.md");
    });

    it("renders inputs, outputs and types with their kinds, flags and links", () => {
        const text = referenceMarkdown(schema);
        const lines = text.split("\n");
        assert.ok(lines.includes("| `kubeconfig` | string | secret | Adopt an existing mesh by its API server kubeconfig; no Alibaba Cloud API call is made. |"));
        assert.ok(lines.includes("| `services` | [ExternalService](#externalservice)[] | required | The external services reached through the gateway. At least one. Must be plain values, not Outputs: every object is named and checked from them at preview. |"));
        assert.ok(lines.some((l) => l.startsWith("| `kubernetesProvider` | `pulumi:providers:kubernetes` | required |")), text);
        assert.ok(lines.includes("### PortProtocol"));
        assert.ok(lines.includes("One of `HTTP`, `HTTPS`, `TLS`, `TCP`."));
        assert.ok(lines.some((l) => /^\| `requests` \| map of string \| {2}\| /.test(l)), text);
        assert.ok(lines.some((l) => l.startsWith("| `tolerations` | `") || l.startsWith("| `tolerations` |")), text);
        // Types come in name order, each once.
        const types = lines.filter((l) => l.startsWith("### ")).map((l) => l.slice(4));
        assert.deepStrictEqual(types, [...types].sort((a, b) => a.localeCompare(b)));
        assert.strictEqual(new Set(types).size, Object.keys(schema.types).length);
    });

    it("keeps a table row on one line, whatever the description holds", () => {
        const tiny: PackageSchema = {
            name: "mesh-egress",
            version: "0.0.0",
            resources: { "mesh-egress:index:MeshEgress": { description: "C.", inputProperties: { a: { type: "string", description: "one\n  two | three" } }, requiredInputs: [], properties: {}, required: [] } },
            types: {},
        };
        assert.ok(referenceMarkdown(tiny).includes("| `a` | string |  | one two \\| three |\n"));
    });
});
