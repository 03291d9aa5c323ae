// Validated arguments with every default applied: the one input of the pure object builders.
import type * as pulumi from "@pulumi/pulumi";
import type { AllowFromArgs, ExternalServiceArgs, GatewayReadinessArgs, MeshEgressArgs, NewMeshArgs, OutboundTrafficPolicy, PortProtocol, RoutingMode } from "./args";
import { EgressIpSpec, egressIpSpec } from "./egressIp";
import { GATEWAY_LABEL } from "./naming";
import { MeshEgressInputError } from "./problems";
import { parseCidr } from "./hostSyntax";
import { validateArgs } from "./validate";

/** How one port's traffic travels; decides every protocol, TLS mode and route kind. */
export type TrafficKind = "http" | "tls-passthrough" | "tls-origination" | "tcp";

export interface PortSpec {
    number: number;
    protocol: PortProtocol;
    kind: TrafficKind;
    /** The port the gateway sends to upstream (the TLS port with origination). */
    upstreamPort: number;
    gatewayPort?: number;
    origination?: { caCertificates?: string; credentialName?: string; sni?: string; subjectAltNames?: string[] };
}

export interface ServiceSpec {
    name: string;
    hosts: string[];
    ports: PortSpec[];
    addresses: string[];
    endpoints: string[];
    upstreamHost?: string;
    /** Undefined: open to every source (unless the gateway is locked down by others). */
    allowFrom?: AllowFromArgs[];
    /** Always contains "." so the gateway, in the config namespace, sees the configuration. */
    exportTo: string[];
}

export interface GatewaySpec {
    name: string;
    replicas: number;
    resources: { requests?: Record<string, string>; limits?: Record<string, string> };
    autoscaling?: { minReplicas: number; maxReplicas: number; targetCpuUtilization: number };
    nodeSelector?: Record<string, string>;
    tolerations?: unknown[];
    affinity?: unknown;
    podLabels: Record<string, string>;
    /** The labels the Istio Gateway and policies select on (a subset of podLabels). */
    selector: Record<string, string>;
    podAnnotations?: Record<string, string>;
    mutualTls: boolean;
    /** The Kubernetes provider's wait on the IstioGateway (`pulumi.com/waitFor`); undefined: none. */
    readiness?: { waitFor: string; timeoutSeconds: number };
}

/** What the gateway's readiness is awaited as when the arguments say nothing. */
export const DEFAULT_READINESS = { jsonPath: "{.status.Status}", value: "Available", timeoutSeconds: 600 };

/** How the mesh is reached: created, adopted by id, or adopted by kubeconfig. */
export type MeshMode = "new" | "id" | "kubeconfig";

/** What the component knows of a new mesh: the facts that decide whether it has ASMEgressTrafficPolicy. */
export interface MeshFacts {
    /** The edition when given; the provider's default is not something the component can know. */
    clusterSpec?: string;
    /** The requested version when given as a plain string. */
    version?: string;
    /** False when the version is an Output not known at preview. */
    versionKnown: boolean;
}

/** A new ASM instance with its defaults; `name` left out defaults to the component's name. */
export interface NewMeshSpec {
    vpcId: pulumi.Input<string>;
    vswitchId: pulumi.Input<string>;
    edition: string;
    clusterSpec?: string;
    version?: pulumi.Input<string>;
    name?: pulumi.Input<string>;
    apiServerPublicEip: boolean;
    securityGroupId?: pulumi.Input<string>;
    force: boolean;
    timeoutMinutes: number;
}

export interface EgressSpec {
    meshMode: MeshMode;
    /** With `newMesh`: the instance to create. */
    newMesh?: NewMeshSpec;
    /** Undefined for an adopted mesh: its edition and version are not known at preview. */
    meshFacts?: MeshFacts;
    routing: RoutingMode;
    gateway: GatewaySpec;
    services: ServiceSpec[];
    outboundTrafficPolicy: OutboundTrafficPolicy;
    /** Undefined: mesh-wide. */
    registryOnlyNamespaces?: string[];
    /** Whether the outbound policy is set on the ASM instance (new mesh, mesh-wide) or by Sidecars. */
    outboundPolicyVia: "meshConfig" | "sidecar" | "none";
    /** True once any source list exists: the gateway then denies everything not allowed. */
    lockedDown: boolean;
    accessLog: { enabled: boolean; provider: string; slsProject?: string; retentionDays: number };
    bypassProtection?: { namespaces: string[]; allowedCidrs: string[] };
    /** Passthrough logging at the sidecars; `namespaces` undefined: every namespace. */
    observe?: { namespaces?: string[]; provider: string };
    /** The stable egress IP; the gateway is then pinned to its nodes. */
    egressIp?: EgressIpSpec;
}

export const DEFAULT_GATEWAY_NAME = "egressgateway";
export const DEFAULT_MESH_TIMEOUT_MINUTES = 60;
const DEFAULT_RESOURCES = { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "2", memory: "4Gi" } };

function kindOf(protocol: PortProtocol, originates: boolean): TrafficKind {
    if (protocol === "TCP") return "tcp";
    if (protocol === "HTTPS" || protocol === "TLS") return "tls-passthrough";
    return originates ? "tls-origination" : "http";
}

function serviceSpec(s: ExternalServiceArgs, defaultAllowFrom: AllowFromArgs[] | undefined): ServiceSpec {
    const addresses = s.addresses ?? [];
    const exportTo = s.exportTo ?? ["*"];
    return {
        name: s.name,
        hosts: [...s.hosts],
        ports: s.ports.map((p) => ({
            number: p.number,
            protocol: p.protocol,
            kind: kindOf(p.protocol, p.tlsOrigination !== undefined),
            upstreamPort: p.tlsOrigination ? (p.tlsOrigination.port ?? 443) : p.number,
            gatewayPort: p.gatewayPort,
            origination: p.tlsOrigination && {
                caCertificates: p.tlsOrigination.caCertificates,
                credentialName: p.tlsOrigination.credentialName,
                sni: p.tlsOrigination.sni,
                subjectAltNames: p.tlsOrigination.subjectAltNames,
            },
        })),
        addresses,
        // Validation requires endpoints when any address is a range, so here every address is one IP.
        endpoints: s.endpoints ?? addresses.map((a) => parseCidr(a)!.ip),
        upstreamHost: s.upstreamHost,
        allowFrom: s.allowFrom ?? defaultAllowFrom,
        exportTo: exportTo.includes("*") ? ["*"] : [".", ...exportTo.filter((ns) => ns !== ".")],
    };
}

/**
 * Validates the arguments (throwing one error that lists every problem) and applies defaults.
 * `subject` names the input in the error, e.g. `MeshEgress "prod"` or a file name. Whether the
 * routing asked for can carry the services is decided once, by the plan (plan.ts).
 */
export function resolveSpec(args: MeshEgressArgs, subject: string): EgressSpec {
    const problems = validateArgs(args);
    if (problems.length > 0) throw new MeshEgressInputError(subject, problems);
    return specOf(args);
}

function newMeshSpec(m: NewMeshArgs): NewMeshSpec {
    return {
        vpcId: m.vpcId,
        vswitchId: m.vswitchId,
        edition: m.edition ?? "Pro",
        clusterSpec: m.clusterSpec,
        version: m.version,
        name: m.name,
        apiServerPublicEip: m.apiServerPublicEip ?? false,
        securityGroupId: m.securityGroupId,
        force: m.force ?? false,
        timeoutMinutes: m.timeoutMinutes ?? DEFAULT_MESH_TIMEOUT_MINUTES,
    };
}

function readinessOf(r: GatewayReadinessArgs | undefined): GatewaySpec["readiness"] {
    if (r?.enabled === false) return undefined;
    const jsonPath = r?.jsonPath ?? DEFAULT_READINESS.jsonPath;
    const value = r?.value ?? DEFAULT_READINESS.value;
    return { waitFor: value === "" ? `jsonpath=${jsonPath}` : `jsonpath=${jsonPath}=${value}`, timeoutSeconds: r?.timeoutSeconds ?? DEFAULT_READINESS.timeoutSeconds };
}

function specOf(args: MeshEgressArgs): EgressSpec {
    const g = args.gateway ?? {};
    const name = g.name ?? DEFAULT_GATEWAY_NAME;
    const selector = { [GATEWAY_LABEL]: name };
    const replicas = g.replicas ?? 2;
    const policy = args.outboundTrafficPolicy ?? "REGISTRY_ONLY";
    const lockedDown = args.defaultAllowFrom !== undefined || args.services.some((s) => s.allowFrom !== undefined);
    const egressIp = args.egressIp && egressIpSpec(args.egressIp, name, args.newMesh?.vpcId);
    // Pinned to the egress-IP nodes: both selectors must hold, and the gateway tolerates their taint.
    const nodeSelector = egressIp ? { ...g.nodeSelector, ...egressIp.nodeSelector } : g.nodeSelector;
    const tolerations = egressIp ? [...((g.tolerations as unknown[] | undefined) ?? []), ...egressIp.tolerations] : (g.tolerations as unknown[] | undefined);
    return {
        meshMode: args.newMesh ? "new" : args.meshId !== undefined ? "id" : "kubeconfig",
        newMesh: args.newMesh && newMeshSpec(args.newMesh),
        meshFacts: args.newMesh && {
            clusterSpec: args.newMesh.clusterSpec,
            version: typeof args.newMesh.version === "string" ? args.newMesh.version : undefined,
            versionKnown: args.newMesh.version === undefined || typeof args.newMesh.version === "string",
        },
        routing: args.routing ?? "istio",
        gateway: {
            name,
            replicas,
            resources: g.resources ?? DEFAULT_RESOURCES,
            autoscaling: g.autoscaling && {
                minReplicas: g.autoscaling.minReplicas ?? Math.min(replicas, g.autoscaling.maxReplicas),
                maxReplicas: g.autoscaling.maxReplicas,
                targetCpuUtilization: g.autoscaling.targetCpuUtilization ?? 80,
            },
            nodeSelector,
            tolerations,
            affinity: g.affinity,
            podLabels: { ...g.podLabels, ...selector },
            selector,
            podAnnotations: g.podAnnotations,
            mutualTls: g.mutualTls ?? true,
            readiness: readinessOf(g.readiness),
        },
        services: args.services.map((s) => serviceSpec(s, args.defaultAllowFrom)),
        outboundTrafficPolicy: policy,
        registryOnlyNamespaces: args.registryOnlyNamespaces,
        outboundPolicyVia: policy === "ALLOW_ANY" ? "none" : args.newMesh && !args.registryOnlyNamespaces ? "meshConfig" : "sidecar",
        lockedDown,
        accessLog: {
            enabled: args.accessLog?.enabled ?? true,
            provider: args.accessLog?.provider ?? "envoy",
            slsProject: args.accessLog?.slsProject,
            retentionDays: args.accessLog?.retentionDays ?? 7,
        },
        bypassProtection: args.bypassProtection && {
            namespaces: args.bypassProtection.namespaces,
            allowedCidrs: args.bypassProtection.allowedCidrs,
        },
        observe: args.observe && { namespaces: args.observe.namespaces, provider: args.observe.provider ?? "envoy" },
        egressIp,
    };
}
