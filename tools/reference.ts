// docs/reference.md, rendered from the package schema's descriptions (themselves the doc
// comments of components/args.ts and of the component's outputs), so the argument reference
// is never a second hand-kept copy. `npm run docs` writes it; a test checks it is fresh.
import type { PackageSchema } from "./packageSchema";
import { COMPONENT_TOKEN } from "./packageSchema";

type Json = Record<string, any>;

const TYPE_PREFIX = "#/types/";

function typeName(token: string): string {
    return token.split(":").pop()!;
}

function anchor(token: string): string {
    return typeName(token).toLowerCase();
}

/** A property's type as a reader wants it: `string`, `ServicePortArgs[]`, `map of string`, links to types. */
function typeText(p: Json): string {
    if (p.$ref?.startsWith(TYPE_PREFIX)) {
        const token = p.$ref.slice(TYPE_PREFIX.length);
        return `[${typeName(token)}](#${anchor(token)})`;
    }
    if (p.$ref) return `\`${p.$ref.split("#/resources/").pop()}\``;
    if (p.type === "array") return `${typeText(p.items)}[]`;
    if (p.type === "object" && p.additionalProperties) return `map of ${typeText(p.additionalProperties)}`;
    return p.type ?? "any";
}

/** One line of a table cell: newlines and pipes would break the row. */
function cell(text: string | undefined): string {
    return (text ?? "").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|").trim();
}

function table(properties: Json, required: string[], secrets = true): string[] {
    const rows = Object.entries(properties).map(([name, p]) => {
        const flags = [required.includes(name) ? "required" : "", secrets && p.secret ? "secret" : ""].filter(Boolean).join(", ");
        return `| \`${name}\` | ${typeText(p)} | ${flags} | ${cell(p.description)} |`;
    });
    return ["| name | type | | description |", "|---|---|---|---|", ...rows];
}

/** The whole reference: the component's inputs and outputs, then every type it uses. */
export function referenceMarkdown(schema: PackageSchema): string {
    const component = schema.resources[COMPONENT_TOKEN];
    const out = [
        "# MeshEgress reference",
        "",
        "<!-- Generated from the package schema by `npm run docs` (tools/reference.ts); do not edit by hand. -->",
        "",
        `\`${COMPONENT_TOKEN}\`: ${cell(component.description)}`,
        "",
        "## Inputs",
        "",
        ...table(component.inputProperties, component.requiredInputs ?? []),
        "",
        "## Outputs",
        "",
        ...table(component.properties, component.required ?? []),
        "",
        "## Types",
    ];
    for (const [token, type] of Object.entries(schema.types).sort(([a], [b]) => typeName(a).localeCompare(typeName(b)))) {
        out.push("", `### ${typeName(token)}`, "", cell(type.description), "");
        if (type.enum) out.push(`One of ${type.enum.map((e: { value: string }) => `\`${e.value}\``).join(", ")}.`);
        else out.push(...table(type.properties ?? {}, type.required ?? []));
    }
    return `${out.join("\n")}\n`;
}
