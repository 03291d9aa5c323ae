// The component provider: the schema derived from the TypeScript args (never a second copy), the
// secrets and outputs in it, and construct's handling of untyped inputs.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COMPONENT_TOKEN, PackageSchema, deriveSchema, enumMemberName } from "../../tools/packageSchema";
import { MeshEgressProvider, argsFromInputs } from "../../provider/server";
import { ALIYUN } from "../support/fixtures";
import { value } from "../support/harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BUILT = path.join(ROOT, "bin", "provider", "schema.json");
const schema = JSON.parse(fs.readFileSync(BUILT, "utf8")) as PackageSchema;
const component = schema.resources["mesh-egress:index:MeshEgress"];
const K8S_VERSION = JSON.parse(fs.readFileSync(require.resolve("@pulumi/kubernetes/package.json"), "utf8")).version;

describe("component provider schema", function () {
    this.timeout(120_000);

    it("is what the TypeScript sources give today, and what the committed schema.json says (the reviewed public surface)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"));
        assert.deepStrictEqual(deriveSchema(ROOT, pkg.version, K8S_VERSION, pkg.description), committed, "stale: run npm run gen-sdks and commit schema.json and sdk/");
        assert.deepStrictEqual(schema, committed);
        assert.strictEqual(schema.version, pkg.version);
    });

    it("tells each SDK generator its package names and dependencies", () => {
        assert.deepStrictEqual(schema.meta, { supportPack: true });
        assert.deepStrictEqual(schema.language, {
            nodejs: { dependencies: {}, respectSchemaVersion: true },
            python: {
                packageName: "pulumi_mesh_egress",
                requires: { pulumi: ">=3.142.0,<4.0.0", "pulumi-kubernetes": `>=${K8S_VERSION},<5.0.0` },
                pyproject: { enabled: true },
                respectSchemaVersion: true,
            },
            go: { importBasePath: "github.com/mesh-egress/mesh-egress/sdk/go/meshegress", generateResourceContainerTypes: true, respectSchemaVersion: true },
        });
    });

    it("types every number as an integer, so the SDKs take ints", () => {
        assert.deepStrictEqual(schema.types["mesh-egress:index:ServicePort"].properties.number, { type: "integer", description: "The port the application connects to, 1-65535." });
        assert.deepStrictEqual(schema.types["mesh-egress:index:GatewayListener"].properties.port.type, "integer");
        assert.ok(!JSON.stringify(schema).includes('"type":"number"'));
    });

    it("names enum values for the SDKs by their words, leaving one all-caps word as it is", () => {
        assert.deepStrictEqual(schema.types["mesh-egress:index:OutboundTrafficPolicy"].enum, [
            { name: "RegistryOnly", value: "REGISTRY_ONLY" },
            { name: "AllowAny", value: "ALLOW_ANY" },
        ]);
        assert.deepStrictEqual(schema.types["mesh-egress:index:RoutingMode"].enum, [
            { name: "Istio", value: "istio" },
            { name: "AsmEgressTrafficPolicy", value: "asmEgressTrafficPolicy" },
            { name: "Auto", value: "auto" },
        ]);
        assert.strictEqual(enumMemberName("HTTPS"), undefined);
        assert.strictEqual(enumMemberName("TCP4"), undefined);
        assert.strictEqual(enumMemberName("ALLOW_ANY"), "AllowAny");
        assert.strictEqual(enumMemberName("asmEgressTrafficPolicy"), "AsmEgressTrafficPolicy");
        assert.strictEqual(enumMemberName("http2_only"), "Http2Only");
    });

    it("has every argument the reference documents, each with its description", () => {
        const reference = fs.readFileSync(path.join(ROOT, "docs", "reference.md"), "utf8");
        const table = reference.slice(reference.indexOf("## Inputs"), reference.indexOf("## Outputs"));
        const documented = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
        assert.ok(documented.length >= 10, documented.join());
        for (const name of documented) {
            assert.ok(component.inputProperties[name], `${name} missing from the schema`);
            assert.ok(component.inputProperties[name].description, `${name} has no description`);
        }
        assert.deepStrictEqual(Object.keys(component.inputProperties).sort(), [...documented].sort());
        assert.deepStrictEqual(component.requiredInputs, ["clusterIds", "services"]);
    });

    it("describes every property of every type, and maps unions of literals to enums", () => {
        for (const [token, type] of Object.entries(schema.types)) {
            assert.ok(type.description, `${token} has no description`);
            for (const [name, prop] of Object.entries((type.properties ?? {}) as Record<string, { description?: string }>)) assert.ok(prop.description, `${token}.${name} has no description`);
        }
        // Named without the Args suffix the SDK generators add.
        assert.deepStrictEqual(Object.keys(schema.types), [
            "mesh-egress:index:AccessLog",
            "mesh-egress:index:AllowFrom",
            "mesh-egress:index:Autoscaling",
            "mesh-egress:index:BypassProtection",
            "mesh-egress:index:EgressIp",
            "mesh-egress:index:EgressNodePool",
            "mesh-egress:index:ExternalService",
            "mesh-egress:index:Gateway",
            "mesh-egress:index:GatewayListener",
            "mesh-egress:index:GatewayReadiness",
            "mesh-egress:index:GatewayResources",
            "mesh-egress:index:NewMesh",
            "mesh-egress:index:Observe",
            "mesh-egress:index:OutboundTrafficPolicy",
            "mesh-egress:index:PortProtocol",
            "mesh-egress:index:RoutingMode",
            "mesh-egress:index:RoutingPath",
            "mesh-egress:index:ServicePort",
            "mesh-egress:index:TlsOrigination",
        ]);
        assert.deepStrictEqual(schema.types["mesh-egress:index:PortProtocol"].enum, [{ value: "HTTP" }, { value: "HTTPS" }, { value: "TLS" }, { value: "TCP" }]);
        assert.deepStrictEqual(schema.types["mesh-egress:index:ServicePort"].properties.protocol.$ref, "#/types/mesh-egress:index:PortProtocol");
        assert.deepStrictEqual(schema.types["mesh-egress:index:ExternalService"].required, ["name", "hosts", "ports"]);
        assert.deepStrictEqual(schema.types["mesh-egress:index:Gateway"].properties.tolerations, {
            type: "array",
            items: { $ref: `/kubernetes/v${K8S_VERSION}/schema.json#/types/kubernetes:core/v1:Toleration` },
            description: "Tolerations for the gateway pods. Defaults to none.",
        });
        assert.deepStrictEqual(schema.types["mesh-egress:index:Gateway"].properties.readiness.$ref, "#/types/mesh-egress:index:GatewayReadiness");
        assert.deepStrictEqual(
            Object.entries(schema.types["mesh-egress:index:GatewayReadiness"].properties as Record<string, { type: string }>).map(([n, p]) => [n, p.type]),
            [
                ["enabled", "boolean"],
                ["jsonPath", "string"],
                ["value", "string"],
                ["timeoutSeconds", "integer"],
            ],
        );
    });

    it("marks the kubeconfig secret, as input and as output", () => {
        assert.strictEqual(component.inputProperties.kubeconfig.secret, true);
        assert.strictEqual(component.properties.kubeconfig.secret, true);
        const secrets = Object.entries(component.inputProperties).filter(([, p]) => (p as { secret?: boolean }).secret).map(([n]) => n);
        assert.deepStrictEqual(secrets, ["kubeconfig"]);
    });

    it("names the component by the one token the class registers under", () => {
        assert.strictEqual(COMPONENT_TOKEN, "mesh-egress:index:MeshEgress");
        assert.deepStrictEqual(Object.keys(schema.resources), ["mesh-egress:index:MeshEgress"]);
    });

    it("has the outputs users compose with, the provider as a reference", () => {
        assert.deepStrictEqual(Object.keys(component.properties), ["meshId", "kubeconfig", "gatewayHost", "gatewayName", "listeners", "istioObjects", "routing", "egressIps", "kubernetesProvider"]);
        assert.deepStrictEqual(component.properties.egressIps.items, { type: "string" });
        assert.deepStrictEqual(component.properties.listeners.items, { $ref: "#/types/mesh-egress:index:GatewayListener" });
        assert.strictEqual(component.properties.kubernetesProvider.$ref, `/kubernetes/v${K8S_VERSION}/schema.json#/resources/pulumi:providers:kubernetes`);
        assert.deepStrictEqual(component.required, ["kubeconfig", "gatewayHost", "gatewayName", "listeners", "istioObjects", "routing", "egressIps", "kubernetesProvider"]);
        assert.deepStrictEqual(component.properties.routing.$ref, "#/types/mesh-egress:index:RoutingPath");
        assert.deepStrictEqual(schema.types["mesh-egress:index:RoutingPath"].enum, [{ name: "Istio", value: "istio" }, { name: "AsmEgressTrafficPolicy", value: "asmEgressTrafficPolicy" }]);
        assert.strictEqual(component.isComponent, true);
    });

    it("refuses a type it cannot map, naming it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-schema-"));
        fs.mkdirSync(path.join(dir, "components"));
        fs.writeFileSync(path.join(dir, "components", "args.ts"), "export interface MeshEgressArgs {\n    /** Inline. */\n    inline?: { a: string };\n}\n");
        fs.writeFileSync(path.join(dir, "components", "meshEgress.ts"), "export class MeshEgress {}\n");
        assert.throws(() => deriveSchema(dir, "0.0.0", K8S_VERSION), /MeshEgressArgs\.inline: type `\{ a: string \}` has no schema mapping; name it as an interface or a union of string literals/);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});

describe("component provider", () => {
    const provider = new MeshEgressProvider(schema.version, fs.readFileSync(BUILT, "utf8"));

    it("answers GetSchema at once, from the built file", async () => {
        const started = Date.now();
        const served = await provider.getSchema();
        assert.ok(Date.now() - started < 1000);
        assert.deepStrictEqual(JSON.parse(served), schema);
    });

    it("unwraps known Outputs of plain-only arguments and keeps Input arguments as they came", async () => {
        const kubeconfig = pulumi.secret("kc");
        const args = await argsFromInputs({ kubeconfig, clusterIds: ["c"], services: pulumi.output([ALIYUN]), outboundTrafficPolicy: "REGISTRY_ONLY" });
        assert.strictEqual(args.kubeconfig, kubeconfig);
        assert.deepStrictEqual(args.services, [ALIYUN]);
        assert.deepStrictEqual(args.clusterIds, ["c"]);
        assert.strictEqual(args.outboundTrafficPolicy, "REGISTRY_ONLY");
    });

    it("constructs the component and returns its outputs", async () => {
        const result = await provider.construct("from-yaml", COMPONENT_TOKEN, { kubeconfig: pulumi.secret("kc"), clusterIds: ["c"], services: [ALIYUN] }, {});
        assert.match(await value(pulumi.output(result.urn)), /mesh-egress:index:MeshEgress::from-yaml$/);
        assert.strictEqual(await value(result.state.gatewayHost as pulumi.Output<string>), "istio-egressgateway.istio-system.svc.cluster.local");
        assert.deepStrictEqual(await value(result.state.listeners as pulumi.Output<unknown>), [{ name: "https-80", port: 80 }]);
        assert.strictEqual(await value(result.state.routing as pulumi.Output<string>), "istio");
        assert.deepStrictEqual(await value(result.state.egressIps as pulumi.Output<string[]>), []);
    });

    it("returns from construct exactly the outputs the schema declares, in its order", async () => {
        const result = await provider.construct("all-outputs", COMPONENT_TOKEN, { kubeconfig: pulumi.secret("kc"), clusterIds: ["c"], services: [ALIYUN] }, {});
        assert.deepStrictEqual(Object.keys(result.state ?? {}), Object.keys(component.properties));
        assert.deepStrictEqual(Object.keys(result.state ?? {}), ["meshId", "kubeconfig", "gatewayHost", "gatewayName", "listeners", "istioObjects", "routing", "egressIps", "kubernetesProvider"]);
    });

    it("keeps Outputs of the Input arguments, and names misplaced Outputs by their path", async () => {
        const unknown = new (pulumi.Output as unknown as new (...a: unknown[]) => pulumi.Output<string>)(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
        const args = await argsFromInputs({ kubeconfig: "kc", clusterIds: unknown, egressIp: { vswitchIds: [unknown], vpcId: "vpc-1" }, routing: unknown, services: [ALIYUN] });
        assert.strictEqual(args.clusterIds, unknown);
        assert.strictEqual((args.egressIp!.vswitchIds as unknown[])[0], unknown);
        assert.strictEqual(args.routing, unknown);
        await assert.rejects(
            provider.construct("unknown-routing", COMPONENT_TOKEN, { kubeconfig: "kc", clusterIds: ["c"], routing: unknown, services: [ALIYUN] }, {}),
            /routing: is an Output, but must be a plain value/,
        );
    });

    it("refuses another type, and bad input with the component's path-naming error", async () => {
        await assert.rejects(provider.construct("x", "mesh-egress:index:Other", {}, {}), /unknown resource type mesh-egress:index:Other/);
        await assert.rejects(
            provider.construct("bad", COMPONENT_TOKEN, { kubeconfig: "kc", clusterIds: ["c"], services: [{ ...ALIYUN, ports: [{ number: 70000, protocol: "HTTP" }] }] }, {}),
            /services\[0\]\.ports\[0\]\.number: 70000 is not valid/,
        );
    });
});

describe("component provider install story", () => {
    it("scripts/install-provider.sh prints a directory holding the executable plugin, which starts the built provider", () => {
        const dir = execFileSync("bash", [path.join(ROOT, "scripts", "install-provider.sh")], { encoding: "utf8" }).trim();
        const plugin = path.join(dir, "pulumi-resource-mesh-egress");
        assert.ok((fs.statSync(plugin).mode & 0o111) !== 0, "executable");
        assert.strictEqual(fs.readFileSync(plugin, "utf8"), '#!/bin/sh\nexec node "$(dirname "$0")/../main.js" "$@"\n');
        assert.ok(fs.existsSync(path.join(dir, "..", "main.js")) && fs.existsSync(path.join(dir, "..", "schema.json")));
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.strictEqual(pkg.bin["pulumi-resource-mesh-egress"], "bin/provider/main.js");
        assert.ok(pkg.files.includes("bin/provider/**/*.js") && pkg.files.includes("bin/provider/schema.json") && pkg.files.includes("bin/provider/plugin/pulumi-resource-mesh-egress"));
    });
});
