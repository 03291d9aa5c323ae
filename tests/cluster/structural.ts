// A JSON schema as the structural OpenAPI v3 schema Kubernetes wants in a CRD: every node typed,
// no `additionalProperties: false`, no typed branches under `anyOf`; free-form nodes keep unknown
// fields. Used to hold the component's own schemas (components/objectSchemas.ts) against the
// hand-kept CRDs of the test API server.
type JsonSchema = Record<string, any>;

const KEPT = ["type", "enum", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "required"];

function typeOfValue(value: unknown): string {
    return Number.isInteger(value) ? "integer" : typeof value;
}

/** One JSON-schema node as a structural OpenAPI v3 node. */
export function structural(node: JsonSchema): JsonSchema {
    if ("const" in node) return { type: typeOfValue(node.const), enum: [node.const] };
    if (node.anyOf) {
        const types = (node.anyOf as JsonSchema[]).map((branch) => branch.type).sort();
        // int-or-string is the one typed union Kubernetes knows.
        if (types.join() === "integer,string") return { "x-kubernetes-int-or-string": true };
        return { "x-kubernetes-preserve-unknown-fields": true };
    }
    const out: JsonSchema = {};
    for (const key of KEPT) if (key in node) out[key] = node[key];
    if (!out.type && node.enum) out.type = typeOfValue(node.enum[0]);
    if (node.properties) {
        out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, JsonSchema>).map(([k, v]) => [k, structural(v)]));
    } else if (typeof node.additionalProperties === "object") {
        out.additionalProperties = structural(node.additionalProperties);
    } else if (out.type === "object") {
        out["x-kubernetes-preserve-unknown-fields"] = true;
    }
    if (out.type === "array") out.items = node.items ? structural(node.items) : { "x-kubernetes-preserve-unknown-fields": true };
    return out;
}
