// Schema validation of generated objects: Istio kinds against Istio's published CRD schemas
// (the typed models of @kubernetes-models/istio), ASM's IstioGateway against the fields ASM
// documents (docs/design.md, "Where ASM keeps things"), ASMEgressTrafficPolicy likewise (section 5), with unknown
// fields rejected.
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule";
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry";
import { Sidecar } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Sidecar";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1beta1/AuthorizationPolicy";
import { Telemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1alpha1/Telemetry";
import Ajv, { type ValidateFunction } from "ajv";
import type { Finding } from "./analyze";
import { type Manifest, manifestId } from "./manifest";

interface Model {
    validate(): void;
}

const ISTIO_MODELS: Record<string, new (data: any) => Model> = {
    "networking.istio.io/v1beta1/ServiceEntry": ServiceEntry,
    "networking.istio.io/v1beta1/Gateway": Gateway,
    "networking.istio.io/v1beta1/DestinationRule": DestinationRule,
    "networking.istio.io/v1beta1/VirtualService": VirtualService,
    "networking.istio.io/v1beta1/Sidecar": Sidecar,
    "security.istio.io/v1beta1/AuthorizationPolicy": AuthorizationPolicy,
    "telemetry.istio.io/v1alpha1/Telemetry": Telemetry,
};

const stringMap = { type: "object", additionalProperties: { type: "string" } };
const intOrPercent = { anyOf: [{ type: "integer" }, { type: "string", pattern: "^[0-9]+%$" }] };
const utilization = { type: "object", properties: { targetAverageUtilization: { type: "integer", minimum: 1, maximum: 100 } }, additionalProperties: false };

/**
 * The IstioGateway spec as ASM's API types define it (IstioGatewaySpec with its inline
 * IstioGatewayBasicConfiguration; `overrides` is a map of cluster id to the same); anything
 * else is rejected.
 */
export const ISTIO_GATEWAY_SCHEMA = {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
        apiVersion: { const: "istio.alibabacloud.com/v1beta1" },
        // Stryker disable next-line ObjectLiteral: schemaFindings picks this schema by kind, so kind always matches here.
        kind: { const: "IstioGateway" },
        metadata: { type: "object", required: ["name", "namespace"], properties: { namespace: { const: "istio-system" } } },
        spec: {
            type: "object",
            required: ["gatewayType", "clusterIds", "ports"],
            additionalProperties: false,
            properties: {
                gatewayType: { enum: ["ingress", "egress", "cross-network"] },
                clusterIds: { anyOf: [{ type: "array", minItems: 1, items: { type: "string", minLength: 1 } }, { type: "string" }] },
                replicaCount: { type: "integer", minimum: 0 },
                autoscaleEnabled: { type: "boolean" },
                minReplicas: { type: "integer", minimum: 1 },
                maxReplicas: { type: "integer", minimum: 1 },
                cpu: utilization,
                memory: utilization,
                serviceType: { enum: ["ClusterIP", "NodePort", "LoadBalancer"] },
                ports: {
                    type: "array",
                    minItems: 1,
                    items: {
                        type: "object",
                        required: ["name", "port"],
                        additionalProperties: false, // only the fields of ASM's port type
                        properties: {
                            name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 },
                            port: { type: "integer", minimum: 1, maximum: 65535 },
                            targetPort: { type: "integer", minimum: 1, maximum: 65535 },
                            nodePort: { type: "integer" },
                            protocol: { enum: ["TCP", "UDP", "SCTP"] },
                        },
                    },
                },
                resources: { type: "object", properties: { requests: stringMap, limits: stringMap }, additionalProperties: false },
                podLabels: stringMap,
                podAnnotations: stringMap,
                serviceAnnotations: stringMap,
                serviceLabels: stringMap,
                nodeSelector: stringMap,
                affinity: { type: "object" },
                tolerations: { type: "array", items: { type: "object" } },
                env: { type: "array" },
                rollingMaxSurge: intOrPercent,
                rollingMaxUnavailable: intOrPercent,
                readinessProbe: { type: "object", properties: { failureThreshold: { type: "integer" }, periodSeconds: { type: "integer" }, successThreshold: { type: "integer" } }, additionalProperties: false },
                runAsRoot: { type: "boolean" },
                hostNetwork: { type: "boolean" },
                dnsPolicy: { type: "string" },
                autoCreateGatewayYaml: { type: "boolean" },
                disableContainerPortExposed: { type: "boolean" },
                kernel: { type: "object" },
                compression: { type: "object" },
                sds: { type: "object" },
                overrides: { type: "object" },
                loadBalancerClass: { type: "string" },
                loadBalancerIP: { type: "string" },
                externalTrafficPolicy: { type: "string" },
                meshExpansionPorts: { type: "array" },
                applicationPorts: { type: "string" },
                requestedNetworkView: { type: "string" },
                secretVolumes: { type: "array" },
                configVolumes: { type: "array" },
                lifecycle: { type: "object" },
            },
        },
    },
};

const port = { type: "integer", minimum: 1, maximum: 65535 };
const dnsLabel = { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 };

/**
 * The ASMEgressTrafficPolicy spec as ASM documents it (docs/design.md, "ASM's ASMEgressTrafficPolicy"; ASM's
 * "ASMEgressTrafficPolicy CRD description"): one policy per gateway, in istio-egress, at most 50
 * hosts per destination; anything else is rejected.
 */
export const ASM_EGRESS_TRAFFIC_POLICY_SCHEMA = {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
        apiVersion: { const: "istio.alibabacloud.com/v1beta1" },
        // Stryker disable next-line ObjectLiteral: schemaFindings picks this schema by kind, so kind always matches here.
        kind: { const: "ASMEgressTrafficPolicy" },
        metadata: { type: "object", required: ["name", "namespace"], properties: { namespace: { const: "istio-egress" } } },
        spec: {
            type: "object",
            required: ["byEgressGateway", "egressRules"],
            additionalProperties: false,
            properties: {
                byEgressGateway: { type: "object", required: ["name"], additionalProperties: false, properties: { name: dnsLabel } },
                egressRules: {
                    type: "array",
                    items: {
                        type: "object",
                        required: ["from", "to"],
                        additionalProperties: false,
                        properties: {
                            from: {
                                type: "array",
                                minItems: 1,
                                items: {
                                    type: "object",
                                    required: ["namespace"],
                                    additionalProperties: false,
                                    properties: { namespace: { type: "string", minLength: 1 }, workloadSelector: stringMap },
                                },
                            },
                            to: {
                                type: "array",
                                minItems: 1,
                                items: {
                                    type: "object",
                                    required: ["name", "hosts", "port", "byEgressGateway"],
                                    additionalProperties: false,
                                    properties: {
                                        name: { type: "string", minLength: 1 },
                                        hosts: { type: "array", minItems: 1, maxItems: 50, items: { type: "string", minLength: 1 } },
                                        port: {
                                            type: "object",
                                            required: ["number", "name", "protocol"],
                                            additionalProperties: false,
                                            properties: { number: port, name: { type: "string", minLength: 1 }, protocol: { enum: ["HTTP", "HTTPS", "TLS"] } },
                                        },
                                        byEgressGateway: { type: "object", required: ["port"], additionalProperties: false, properties: { port } },
                                        httpsUpgrade: { type: "object", required: ["enabled"], additionalProperties: false, properties: { enabled: { type: "boolean" }, port } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
};

const ASM_SCHEMAS: Record<string, object> = {
    IstioGateway: ISTIO_GATEWAY_SCHEMA,
    ASMEgressTrafficPolicy: ASM_EGRESS_TRAFFIC_POLICY_SCHEMA,
};
// Compiled once, when the module loads: allErrors so one preview lists every problem.
const ASM_VALIDATORS = new Map<string, ValidateFunction>(Object.entries(ASM_SCHEMAS).map(([kind, schema]) => [kind, new Ajv({ allErrors: true }).compile(schema)]));

function validateAsmKind(m: Manifest, validator: ValidateFunction): string[] {
    if (validator(m)) return [];
    // Stryker disable next-line ArrayDeclaration: Ajv sets errors whenever validation fails.
    return (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`);
}

/** Schema errors of one object, as IST0106 findings (empty when valid or of a kind not modelled). */
export function schemaFindings(objects: Manifest[]): Finding[] {
    const findings: Finding[] = [];
    for (const m of objects) {
        let errors: string[] = [];
        const asmValidator = ASM_VALIDATORS.get(m.kind);
        if (asmValidator) {
            errors = validateAsmKind(m, asmValidator);
        } else {
            const model = ISTIO_MODELS[`${m.apiVersion}/${m.kind}`];
            if (!model) continue;
            try {
                new model(m).validate();
            } catch (e) {
                errors = [(e as Error).message];
            }
        }
        for (const error of errors) findings.push({ code: "IST0106", object: manifestId(m), message: `Schema validation error: ${error}` });
    }
    return findings;
}
