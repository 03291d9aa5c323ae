// The Pulumi package schema of `mesh-egress`, derived from the TypeScript sources at build time
// (never a second hand-kept copy): MeshEgressArgs and the types it references become the inputs,
// MeshEgress's public readonly fields the outputs, their doc comments the descriptions. A doc
// comment tag `@secret` marks a secret. Pulumi's own ComponentProvider analyzer refuses union
// types (`protocol: "HTTP" | ...`), which this derivation maps to schema enums.
import * as path from "path";
import * as ts from "typescript";
import { MESH_EGRESS_TYPE } from "../components/internal";

export const PACKAGE = "mesh-egress";
/** The component's type token: the one the class registers under. */
export const COMPONENT_TOKEN = MESH_EGRESS_TYPE;

type Json = Record<string, any>;

export interface PackageSchema {
    name: string;
    version: string;
    description?: string;
    resources: Record<string, Json>;
    types: Record<string, Json>;
    meta?: Json;
    language?: Json;
}

interface Context {
    checker: ts.TypeChecker;
    types: Record<string, Json>;
    kubernetesVersion: string;
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): { description: string; secret: boolean } {
    const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const secret = symbol.getJsDocTags(checker).some((t) => t.name === "secret");
    return { description, secret };
}

function unsupported(where: string, node: ts.Node): never {
    throw new Error(`${where}: type \`${node.getText()}\` has no schema mapping; name it as an interface or a union of string literals`);
}

/** Schema of one property type, given by its type node in the source. */
function typeSchema(ctx: Context, node: ts.TypeNode, where: string): Json {
    if (node.kind === ts.SyntaxKind.StringKeyword) return { type: "string" };
    // Every numeric argument and output is a whole number (a port, a count, a size; validation
    // refuses fractions), so the SDKs type it `int`, not a float.
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: "integer" };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: "boolean" };
    if (ts.isArrayTypeNode(node)) return { type: "array", items: typeSchema(ctx, node.elementType, `${where}[]`) };
    if (ts.isTypeLiteralNode(node)) {
        const index = node.members.find(ts.isIndexSignatureDeclaration);
        if (index && node.members.length === 1) return { type: "object", additionalProperties: typeSchema(ctx, index.type, `${where}{}`) };
        unsupported(where, node);
    }
    if (ts.isUnionTypeNode(node)) {
        // `T | undefined` in an output type.
        const defined = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
        if (defined.length === 1) return typeSchema(ctx, defined[0], where);
        unsupported(where, node);
    }
    if (ts.isTypeReferenceNode(node)) {
        const name = node.typeName.getText();
        const args = node.typeArguments ?? [];
        if (name === "pulumi.Input" || name === "pulumi.Output" || name === "Input" || name === "Output") return typeSchema(ctx, args[0], where);
        if (name === "Record" && args.length === 2) return { type: "object", additionalProperties: typeSchema(ctx, args[1], `${where}{}`) };
        const k8sType = /^k8s\.types\.input\.(\w+)\.(\w+)\.(\w+)$/.exec(name);
        if (k8sType) return { $ref: `/kubernetes/v${ctx.kubernetesVersion}/schema.json#/types/kubernetes:${k8sType[1]}/${k8sType[2]}:${k8sType[3]}` };
        if (name === "k8s.Provider" || name === "pulumi.ProviderResource") {
            return { $ref: `/kubernetes/v${ctx.kubernetesVersion}/schema.json#/resources/pulumi:providers:kubernetes` };
        }
        let symbol = ctx.checker.getSymbolAtLocation(node.typeName);
        // A type imported into the file being read (the component's outputs) is an alias of its declaration.
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
        const declaration = symbol?.declarations?.[0];
        if (declaration && ts.isInterfaceDeclaration(declaration)) return { $ref: `#/types/${objectType(ctx, declaration)}` };
        if (declaration && ts.isTypeAliasDeclaration(declaration) && ts.isUnionTypeNode(declaration.type)) {
            return { $ref: `#/types/${enumType(ctx, declaration, declaration.type)}` };
        }
        unsupported(where, node);
    }
    unsupported(where, node);
}

/**
 * The SDKs' name for an enum value: one all-caps word stays as it is (`HTTP`), anything else is
 * named by its words (`REGISTRY_ONLY` and `asmEgressTrafficPolicy` become `RegistryOnly` and
 * `AsmEgressTrafficPolicy`), which each generator then spells its own way (Go
 * `OutboundTrafficPolicyRegistryOnly`, Python `OutboundTrafficPolicy.REGISTRY_ONLY`).
 */
export function enumMemberName(value: string): string | undefined {
    if (/^[A-Z][A-Z0-9]*$/.test(value)) return undefined;
    const words = value.split(/_|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w !== "");
    return words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join("");
}

function enumType(ctx: Context, declaration: ts.TypeAliasDeclaration, union: ts.UnionTypeNode): string {
    const token = typeToken(declaration.name.text);
    if (ctx.types[token]) return token;
    const values = union.types.map((t) => {
        if (!ts.isLiteralTypeNode(t) || !ts.isStringLiteral(t.literal)) unsupported(declaration.name.text, t);
        const name = enumMemberName(t.literal.text);
        return name ? { name, value: t.literal.text } : { value: t.literal.text };
    });
    const symbol = ctx.checker.getSymbolAtLocation(declaration.name)!;
    ctx.types[token] = { type: "string", description: docOf(ctx.checker, symbol).description, enum: values };
    return token;
}

/** Properties of an interface (or class fields), with descriptions, secrets and the required ones. */
function properties(ctx: Context, members: readonly ts.Node[], owner: string): { properties: Json; required: string[] } {
    const props: Json = {};
    const required: string[] = [];
    for (const member of members) {
        if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.type) continue;
        const name = member.name.getText();
        const symbol = ctx.checker.getSymbolAtLocation(member.name)!;
        const { description, secret } = docOf(ctx.checker, symbol);
        props[name] = { ...typeSchema(ctx, member.type, `${owner}.${name}`), ...(description ? { description } : {}), ...(secret ? { secret: true } : {}) };
        if (!member.questionToken) required.push(name);
    }
    return { properties: props, required };
}

/**
 * A type's token: the TypeScript name without its `Args` suffix, which each language's SDK
 * generator adds itself (`ServicePortArgs` in Python and Go, not `ServicePortArgsArgs`).
 */
function typeToken(name: string): string {
    return `${PACKAGE}:index:${name.replace(/Args$/, "")}`;
}

function objectType(ctx: Context, declaration: ts.InterfaceDeclaration): string {
    const token = typeToken(declaration.name.text);
    if (ctx.types[token]) return token;
    ctx.types[token] = { type: "object" };
    const symbol = ctx.checker.getSymbolAtLocation(declaration.name)!;
    const { properties: props, required } = properties(ctx, declaration.members, declaration.name.text);
    ctx.types[token] = { type: "object", description: docOf(ctx.checker, symbol).description, properties: props, ...(required.length ? { required } : {}) };
    return token;
}

function find<T extends ts.Node>(file: ts.SourceFile, test: (n: ts.Node) => n is T, name: string): T {
    const found = file.statements.find((s) => test(s) && (s as unknown as { name?: ts.Identifier }).name?.text === name);
    if (!found) throw new Error(`${name} not found in ${file.fileName}`);
    return found as unknown as T;
}

/** The Go module and import path of the generated Go SDK (sdk/go). */
export const GO_MODULE = "github.com/mesh-egress/mesh-egress/sdk/go";
export const GO_IMPORT_PATH = `${GO_MODULE}/meshegress`;
/** The distribution and module name of the generated Python SDK (sdk/python). */
export const PYTHON_PACKAGE = "pulumi_mesh_egress";

/**
 * What each language's SDK generator needs beyond the types: package names, and the dependencies
 * an SDK declares (the Kubernetes SDK, for the provider output and the pod scheduling types).
 */
function languages(kubernetesVersion: string): Json {
    return {
        nodejs: { dependencies: {}, respectSchemaVersion: true },
        python: {
            packageName: PYTHON_PACKAGE,
            requires: { pulumi: ">=3.142.0,<4.0.0", "pulumi-kubernetes": `>=${kubernetesVersion},<5.0.0` },
            pyproject: { enabled: true },
            respectSchemaVersion: true,
        },
        go: { importBasePath: GO_IMPORT_PATH, generateResourceContainerTypes: true, respectSchemaVersion: true },
    };
}

/** Builds the schema from the sources under `root` (the repository, or the installed package's sources). */
export function deriveSchema(root: string, version: string, kubernetesVersion: string, description?: string): PackageSchema {
    const argsFile = path.join(root, "components", "args.ts");
    const componentFile = path.join(root, "components", "meshEgress.ts");
    const program = ts.createProgram([argsFile, componentFile], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    const ctx: Context = { checker, types: {}, kubernetesVersion };
    const argsDecl = find(program.getSourceFile(argsFile)!, ts.isInterfaceDeclaration, "MeshEgressArgs");
    const inputs = properties(ctx, argsDecl.members, "MeshEgressArgs");
    const classDecl = find(program.getSourceFile(componentFile)!, ts.isClassDeclaration, "MeshEgress");
    const outputMembers = classDecl.members.filter(
        (m) => ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PublicKeyword) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword),
    );
    const outputs = properties(ctx, outputMembers, "MeshEgress");
    const classDoc = docOf(checker, checker.getSymbolAtLocation(classDecl.name!)!).description;
    return {
        name: PACKAGE,
        version,
        ...(description ? { description } : {}),
        resources: {
            [COMPONENT_TOKEN]: {
                isComponent: true,
                description: classDoc,
                inputProperties: inputs.properties,
                requiredInputs: inputs.required,
                properties: outputs.properties,
                // meshId is undefined for a kubeconfig-adopted mesh.
                required: outputs.required.filter((n) => n !== "meshId"),
            },
        },
        types: Object.fromEntries(Object.entries(ctx.types).sort(([a], [b]) => a.localeCompare(b))),
        // Pack support: the generators write each SDK's version and module metadata (Go's go.mod).
        meta: { supportPack: true },
        language: languages(kubernetesVersion),
    };
}
