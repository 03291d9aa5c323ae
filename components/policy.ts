// The ASM path: one ASMEgressTrafficPolicy per gateway (istio.alibabacloud.com/v1beta1; docs/design.md,
// "ASM's ASMEgressTrafficPolicy"), from which ASM generates the ServiceEntry, Gateway, VirtualService, DestinationRule
// and Sidecar objects; and what that policy cannot express, with the input it comes from.
import type { AllowFromArgs, RoutingMode, RoutingPath } from "./args";
import type { AsmEgressDestination, AsmEgressSource } from "./istioTypes";
import { Manifest, istioManifest } from "./manifest";
import { MANAGED_BY_LABELS } from "./naming";
import type { Problem } from "./problems";
import { RoutingContext, exitListener } from "./routing";
import type { EgressSpec, ServiceSpec } from "./spec";
import { portName } from "./traffic";

/** ASM reads the policy only from this namespace. */
export const EGRESS_POLICY_NAMESPACE = "istio-egress";
/** ASM's limit on the hosts of one policy destination (`to[].hosts`). */
export const MAX_POLICY_HOSTS = 50;
/** The first ASM version with the policy. */
export const MIN_POLICY_ASM_VERSION: readonly [number, number, number] = [1, 16, 4];
/** The editions that have the policy (`clusterSpec`); `standard` does not. */
export const POLICY_EDITIONS = ["enterprise", "ultimate"];

/** The path routes take, and why: what `plan` prints. */
export interface RoutingDecision {
    requested: RoutingMode;
    path: RoutingPath;
    reasons: string[];
}

/** `v1.22.6.71-g7d67a80b-aliyun` -> [1, 22, 6]; undefined when it is not a version. */
export function parseAsmVersion(version: string): [number, number, number] | undefined {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function olderThan(v: readonly number[], min: readonly number[]): boolean {
    // Stryker disable next-line EqualityOperator: past the last part both are undefined, and parts that differ are never equal
    for (let i = 0; i < min.length; i++) if (v[i] !== min[i]) return v[i] < min[i];
    return false;
}

/** What the mesh itself lacks for the policy, as far as the component knows it (a new mesh only). */
function meshLimits(spec: EgressSpec): Problem[] {
    const problems: Problem[] = [];
    const mesh = spec.meshFacts;
    if (!mesh) return problems;
    if (mesh.clusterSpec !== undefined && !POLICY_EDITIONS.includes(mesh.clusterSpec)) {
        problems.push({ path: "newMesh.clusterSpec", message: `is ${mesh.clusterSpec}; ASMEgressTrafficPolicy needs a commercial edition: ${POLICY_EDITIONS.join(" or ")}` });
    }
    // Stryker disable next-line StringLiteral: any text that is not a version reads as no version
    const version = parseAsmVersion(mesh.version ?? "");
    if (version && olderThan(version, MIN_POLICY_ASM_VERSION)) {
        problems.push({ path: "newMesh.version", message: `"${mesh.version}" is older than ${MIN_POLICY_ASM_VERSION.join(".")}, the first ASM version with ASMEgressTrafficPolicy` });
    }
    return problems;
}

function serviceLimits(service: ServiceSpec, i: number): Problem[] {
    const problems: Problem[] = [];
    const at = `services[${i}]`;
    if (service.upstreamHost) problems.push({ path: `${at}.upstreamHost`, message: "the policy sends each host's traffic to that host; it cannot forward to an upstream host (wildcard hosts need one)" });
    if (!service.exportTo.includes("*")) problems.push({ path: `${at}.exportTo`, message: "the policy exports what it generates to every namespace; it cannot scope a service" });
    if (service.hosts.length > MAX_POLICY_HOSTS) problems.push({ path: `${at}.hosts`, message: `has ${service.hosts.length} hosts; one policy destination takes at most ${MAX_POLICY_HOSTS}: split the service` });
    service.ports.forEach((port, j) => {
        const p = `${at}.ports[${j}]`;
        if (port.kind === "tcp") problems.push({ path: `${p}.protocol`, message: "TCP to addresses cannot be expressed: the policy routes by host only" });
        const o = port.origination;
        if (!o) return;
        const custom: [string, string | undefined, string][] = [
            ["credentialName", o.credentialName, "a client certificate (mutual TLS to the service)"],
            ["caCertificates", o.caCertificates, "a custom CA bundle"],
            ["sni", o.sni, "a custom SNI"],
            ["subjectAltNames", o.subjectAltNames?.join(", "), "a list of names the server certificate must carry"],
        ];
        for (const [field, value, what] of custom) {
            if (value !== undefined) problems.push({ path: `${p}.tlsOrigination.${field}`, message: `the policy's httpsUpgrade originates TLS with default settings only, not with ${what}` });
        }
    });
    return problems;
}

/** Every argument the policy cannot express, with its input path; empty when it can express them all. */
export function policyLimits(spec: EgressSpec): Problem[] {
    const problems = meshLimits(spec);
    if (spec.outboundTrafficPolicy !== "REGISTRY_ONLY") problems.push({ path: "outboundTrafficPolicy", message: "the policy needs REGISTRY_ONLY: it sends workloads no rule matches to BlackHoleCluster" });
    if (!spec.gateway.mutualTls) problems.push({ path: "gateway.mutualTls", message: "the policy always uses mutual TLS between sidecars and the gateway" });
    spec.services.forEach((service, i) => problems.push(...serviceLimits(service, i)));
    return problems;
}

/** Why the mesh is not known to have the policy; undefined for a new commercial mesh at a known, recent enough version. */
function unknownMesh(spec: EgressSpec): string | undefined {
    const mesh = spec.meshFacts;
    if (!mesh) return "the mesh is adopted, so its edition and version are not known; set routing: asmEgressTrafficPolicy if it is a commercial edition at 1.16.4 or later";
    if (mesh.clusterSpec === undefined) return "newMesh.clusterSpec is not set, so the edition is the provider's default; set enterprise or ultimate for the policy";
    if (!mesh.versionKnown) return "newMesh.version is not known at preview, so the mesh may predate the policy";
    return undefined;
}

/**
 * Which path the routes take. `asmEgressTrafficPolicy` with limits is an input error (returned
 * as problems); `auto` takes the policy only when nothing limits it and the mesh qualifies.
 */
export function decideRouting(spec: EgressSpec): { decision?: RoutingDecision; problems: Problem[] } {
    const requested = spec.routing;
    if (requested === "istio") return { decision: { requested, path: "istio", reasons: ["requested (routing: istio)"] }, problems: [] };
    const limits = policyLimits(spec);
    if (requested === "asmEgressTrafficPolicy") {
        if (limits.length > 0) return { problems: limits.map((p) => ({ path: p.path, message: `routing is asmEgressTrafficPolicy, but ${p.message}; use routing: istio (or auto)` })) };
        const reasons = ["requested (routing: asmEgressTrafficPolicy)"];
        const unknown = unknownMesh(spec);
        if (unknown) reasons.push(`not checked: ${unknown.split(";")[0]}; ASM accepts the policy only on a commercial edition at 1.16.4 or later`);
        return { decision: { requested, path: "asmEgressTrafficPolicy", reasons }, problems: [] };
    }
    if (limits.length > 0) return { decision: { requested, path: "istio", reasons: limits.map((p) => `${p.path}: ${p.message}`) }, problems: [] };
    const unknown = unknownMesh(spec);
    if (unknown) return { decision: { requested, path: "istio", reasons: [unknown] }, problems: [] };
    return { decision: { requested, path: "asmEgressTrafficPolicy", reasons: ["every service can be expressed by the policy and the new mesh is a commercial edition at 1.16.4 or later"] }, problems: [] };
}

/** The namespace ASM reads policies from, created on the mesh API server if missing. */
export function egressPolicyNamespace(): Manifest {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name: EGRESS_POLICY_NAMESPACE, labels: { ...MANAGED_BY_LABELS } }, spec: {} };
}

/**
 * The sources of one rule. Open services: every namespace (`*`). A service account narrows
 * nothing here (the policy selects by namespace and labels); the gateway's
 * AuthorizationPolicies still enforce it.
 */
function policySources(allowFrom: AllowFromArgs[] | undefined): AsmEgressSource[] {
    if (!allowFrom) return [{ namespace: "*" }];
    return [...new Set(allowFrom.map((a) => a.namespace))].sort().map((namespace) => ({ namespace }));
}

function destinations(ctx: RoutingContext, service: ServiceSpec): AsmEgressDestination[] {
    return service.ports.map((port) => {
        // policyLimits refuses TCP before any policy is built.
        const protocol = port.protocol as AsmEgressDestination["port"]["protocol"];
        const to: AsmEgressDestination = {
            name: `${service.name}-${portName(protocol, port.number)}`,
            hosts: [...service.hosts],
            port: { number: port.number, name: portName(protocol, port.number), protocol },
            byEgressGateway: { port: exitListener(ctx, service, port).port },
        };
        if (port.kind === "tls-origination") to.httpsUpgrade = { enabled: true, port: port.upstreamPort };
        return to;
    });
}

/**
 * The one policy of the gateway: one rule per distinct source set, each with a destination per
 * service port. Named after the gateway, in istio-egress, as ASM requires.
 */
export function asmEgressTrafficPolicy(ctx: RoutingContext, services: ServiceSpec[]): Manifest {
    const rules = new Map<string, { from: AsmEgressSource[]; to: AsmEgressDestination[] }>();
    for (const service of services) {
        const from = policySources(service.allowFrom);
        const key = JSON.stringify(from);
        const rule = rules.get(key) ?? { from, to: [] };
        rule.to.push(...destinations(ctx, service));
        rules.set(key, rule);
    }
    const egressRules = [...rules.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, rule]) => rule);
    return istioManifest("istio.alibabacloud.com/v1beta1", "ASMEgressTrafficPolicy", ctx.gateway.name, { byEgressGateway: { name: ctx.gateway.name }, egressRules }, EGRESS_POLICY_NAMESPACE);
}
