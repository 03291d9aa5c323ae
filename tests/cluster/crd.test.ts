// ASM's CRDs on the test mesh API server (istiogateway-crd.yaml, asmegresstrafficpolicy-crd.yaml)
// are kept by hand from ASM's published field references, not derived from the schemas the
// component checks its objects against (components/objectSchemas.ts): the API server then refuses
// what ASM would, whatever our own schema lets through. These tests pin what the files say, hold
// the component's own schemas to them (a change to either needs a reviewed change to the other),
// and check every object the component writes against them.
import * as assert from "assert";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ASM_EGRESS_TRAFFIC_POLICY_SCHEMA, ISTIO_GATEWAY_SCHEMA, buildEgressPlan } from "../../components/internal";
import { SCENARIOS, exampleFiles } from "../support/scenarios";
import { structural } from "./structural";

const CLUSTER_DIR = path.resolve(__dirname, "..", "..", "..", "tests", "cluster");

type JsonSchema = Record<string, any>;

function crd(file: string): JsonSchema {
    return parse(fs.readFileSync(path.join(CLUSTER_DIR, file), "utf8"));
}

function specSchema(file: string): JsonSchema {
    return crd(file).spec.versions[0].schema.openAPIV3Schema.properties.spec;
}

/**
 * The API server's view of a structural schema as JSON schema: a field an object node does not
 * declare is refused (Kubernetes would prune it silently, and the object would then differ from
 * what was applied), free-form nodes take anything, int-or-string takes either.
 */
function asJsonSchema(node: JsonSchema): JsonSchema {
    if (node["x-kubernetes-int-or-string"]) return { anyOf: [{ type: "integer" }, { type: "string" }] };
    if (node["x-kubernetes-preserve-unknown-fields"] && !node.properties) return node.type ? { type: node.type } : {};
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith("x-kubernetes-")) continue;
        if (key === "properties") out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, asJsonSchema(v)]));
        else if (key === "items" || key === "additionalProperties") out[key] = asJsonSchema(value as JsonSchema);
        else out[key] = value;
    }
    if (node.properties && !node["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
    return out;
}

describe("ASM CRDs of the test mesh API server", () => {
    it("IstioGateway: its group, names and the limits ASM documents", () => {
        const istioGateway = crd("istiogateway-crd.yaml");
        assert.strictEqual(istioGateway.metadata.name, "istiogateways.istio.alibabacloud.com");
        assert.deepStrictEqual(istioGateway.spec.names, { kind: "IstioGateway", listKind: "IstioGatewayList", plural: "istiogateways", singular: "istiogateway" });
        assert.deepStrictEqual(istioGateway.spec.versions.map((v: JsonSchema) => [v.name, v.served, v.storage]), [["v1beta1", true, true]]);
        const spec = specSchema("istiogateway-crd.yaml");
        assert.deepStrictEqual(spec.required, ["gatewayType", "clusterIds", "ports"]);
        assert.deepStrictEqual(spec.properties.gatewayType, { type: "string", enum: ["ingress", "egress", "cross-network"] });
        assert.deepStrictEqual(spec.properties.ports.items.properties.port, { type: "integer", minimum: 1, maximum: 65535 });
        assert.deepStrictEqual(spec.properties.podLabels, { type: "object", additionalProperties: { type: "string" } });
        assert.deepStrictEqual(spec.properties.affinity, { type: "object", "x-kubernetes-preserve-unknown-fields": true });
        assert.deepStrictEqual(spec.properties.env, { type: "array", items: { "x-kubernetes-preserve-unknown-fields": true } });
        assert.deepStrictEqual(spec.properties.rollingMaxSurge, { "x-kubernetes-int-or-string": true });
        assert.deepStrictEqual(spec.properties.clusterIds, { "x-kubernetes-preserve-unknown-fields": true });
    });

    it("ASMEgressTrafficPolicy: its group, names and the limits ASM documents", () => {
        const policy = crd("asmegresstrafficpolicy-crd.yaml");
        assert.strictEqual(policy.metadata.name, "asmegresstrafficpolicies.istio.alibabacloud.com");
        assert.deepStrictEqual(policy.spec.names, { kind: "ASMEgressTrafficPolicy", listKind: "ASMEgressTrafficPolicyList", plural: "asmegresstrafficpolicies", singular: "asmegresstrafficpolicy" });
        const to = specSchema("asmegresstrafficpolicy-crd.yaml").properties.egressRules.items.properties.to.items;
        assert.deepStrictEqual(to.required, ["name", "hosts", "port", "byEgressGateway"]);
        assert.deepStrictEqual(to.properties.hosts, { type: "array", minItems: 1, maxItems: 50, items: { type: "string", minLength: 1 } });
        assert.deepStrictEqual(to.properties.port.properties.protocol, { type: "string", enum: ["HTTP", "HTTPS", "TLS"] });
    });

    it("reads the CRD the way the API server does: undeclared fields refused, free-form nodes open", () => {
        const validate = new Ajv({ strict: false }).compile(asJsonSchema({ type: "object", properties: { a: { type: "string" }, free: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, n: { "x-kubernetes-int-or-string": true } } }));
        assert.strictEqual(validate({ a: "x", free: { anything: 1 }, n: "50%" }), true);
        assert.strictEqual(validate({ a: "x", n: 2 }), true);
        assert.strictEqual(validate({ a: "x", other: 1 }), false);
        assert.strictEqual(validate({ n: true }), false);
    });

    for (const [kind, file, schema] of [
        ["IstioGateway", "istiogateway-crd.yaml", ISTIO_GATEWAY_SCHEMA],
        ["ASMEgressTrafficPolicy", "asmegresstrafficpolicy-crd.yaml", ASM_EGRESS_TRAFFIC_POLICY_SCHEMA],
    ] as const) {
        it(`${kind}: the schema the component checks at preview says field for field what the CRD says`, () => {
            assert.deepStrictEqual(structural((schema as JsonSchema).properties.spec), specSchema(file), `components/objectSchemas.ts and tests/cluster/${file} disagree; change both, reviewed`);
        });
    }

    it("maps each kind of node the way Kubernetes requires", () => {
        assert.deepStrictEqual(structural({ const: 3 }), { type: "integer", enum: [3] });
        assert.deepStrictEqual(structural({ enum: ["a", "b"] }), { type: "string", enum: ["a", "b"] });
        assert.deepStrictEqual(structural({ type: "object", properties: { a: { type: "string" } }, additionalProperties: false }), { type: "object", properties: { a: { type: "string" } } });
        assert.deepStrictEqual(structural({ anyOf: [{ type: "string" }, { type: "integer" }] }), { "x-kubernetes-int-or-string": true });
        assert.deepStrictEqual(structural({ anyOf: [{ type: "string" }, { type: "boolean" }] }), { "x-kubernetes-preserve-unknown-fields": true });
        assert.deepStrictEqual(structural({ type: "array" }), { type: "array", items: { "x-kubernetes-preserve-unknown-fields": true } });
        assert.deepStrictEqual(structural({ type: "object" }), { type: "object", "x-kubernetes-preserve-unknown-fields": true });
    });

    for (const [kind, file] of [["IstioGateway", "istiogateway-crd.yaml"], ["ASMEgressTrafficPolicy", "asmegresstrafficpolicy-crd.yaml"]] as const) {
        it(`accepts every ${kind} the component writes, in every scenario and example on both routing paths`, () => {
            const validate = new Ajv({ strict: false, allErrors: true }).compile(asJsonSchema(specSchema(file)));
            const inputs = [...Object.entries(SCENARIOS), ...exampleFiles().map((e) => [e.name, e.args] as const)];
            let checked = 0;
            for (const [name, args] of inputs) {
                for (const routing of ["istio", "asmEgressTrafficPolicy"] as const) {
                    let plan;
                    try {
                        plan = buildEgressPlan({ ...args, routing });
                    } catch {
                        continue; // an input the policy path cannot express
                    }
                    for (const object of plan.objects.filter((o) => o.manifest.kind === kind)) {
                        checked++;
                        assert.ok(validate(object.manifest.spec), `${name} (${routing}): ${JSON.stringify(validate.errors)}`);
                    }
                }
            }
            assert.ok(checked >= 5, `${checked} ${kind} objects`);
        });
    }
});
