// ASM's IstioGateway and ASMEgressTrafficPolicy CRDs for the test mesh API server, derived from
// the schemas the component already checks every such object against (components/schema.ts), so
// the two cannot drift.
// Kubernetes wants a structural schema: every node typed, no `additionalProperties: false`, no
// typed branches under `anyOf`; free-form nodes keep unknown fields.
import { ASM_EGRESS_TRAFFIC_POLICY_SCHEMA, ISTIO_GATEWAY_SCHEMA } from "../../components/objectSchemas";

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

/** A namespaced CustomResourceDefinition of ASM's API group, version v1beta1. */
function asmCrd(kind: string, plural: string, schema: { properties: { spec: JsonSchema } }): JsonSchema {
    const spec = structural(schema.properties.spec);
    const singular = kind.toLowerCase();
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.istio.alibabacloud.com` },
        spec: {
            group: "istio.alibabacloud.com",
            names: { kind, listKind: `${kind}List`, plural, singular },
            scope: "Namespaced",
            versions: [
                {
                    name: "v1beta1",
                    served: true,
                    storage: true,
                    schema: {
                        openAPIV3Schema: {
                            type: "object",
                            properties: {
                                apiVersion: { type: "string" },
                                kind: { type: "string" },
                                metadata: { type: "object" },
                                spec,
                                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                            },
                        },
                    },
                },
            ],
        },
    };
}

/** The CustomResourceDefinition `istiogateways.istio.alibabacloud.com`. */
export function istioGatewayCrd(): JsonSchema {
    return asmCrd("IstioGateway", "istiogateways", ISTIO_GATEWAY_SCHEMA);
}

/** The CustomResourceDefinition `asmegresstrafficpolicies.istio.alibabacloud.com`. */
export function asmEgressTrafficPolicyCrd(): JsonSchema {
    return asmCrd("ASMEgressTrafficPolicy", "asmegresstrafficpolicies", ASM_EGRESS_TRAFFIC_POLICY_SCHEMA);
}
