// ASM's IstioGateway CRD for the test mesh API server, derived from the schema the component
// already checks every IstioGateway against (components/schema.ts), so the two cannot drift.
// Kubernetes wants a structural schema: every node typed, no `additionalProperties: false`, no
// typed branches under `anyOf`; free-form nodes keep unknown fields.
import { ISTIO_GATEWAY_SCHEMA } from "../../components/schema";

type JsonSchema = Record<string, any>;

const KEPT = ["type", "enum", "minimum", "maximum", "minLength", "maxLength", "minItems", "pattern", "required"];

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

/** The CustomResourceDefinition `istiogateways.istio.alibabacloud.com`, version v1beta1. */
export function istioGatewayCrd(): JsonSchema {
    const spec = structural(ISTIO_GATEWAY_SCHEMA.properties.spec);
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "istiogateways.istio.alibabacloud.com" },
        spec: {
            group: "istio.alibabacloud.com",
            names: { kind: "IstioGateway", listKind: "IstioGatewayList", plural: "istiogateways", singular: "istiogateway" },
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
