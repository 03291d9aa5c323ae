// `mesh-egress simulate`: what each call should meet, per the plan, and the verdict on what
// Istio's own config generator and simulation say it meets (cli/simulator.ts runs them).
// Every exit (service × host × port) from a sidecar in every namespace that matters, then at the
// gateway; an unregistered host from each namespace; and every other port a ServiceEntry
// registers, called directly (a bypass of the gateway is never acceptable).
import type { EgressPlan, Manifest, PortSpec, ServiceSpec } from "../components";
import { gatewayServiceHost } from "../components";
import { listenerFor } from "../components/listeners";
import { MESH_NAMESPACE, gatewayServiceName, subsetName } from "../components/naming";
import { originationHost, upstreamOf } from "../components/routing";
import { PASSTHROUGH_CLUSTER } from "../components/observe";
import { AUDIT_LOG_FIELDS } from "./accessLog";
import { logWrites } from "./logFilter";
import { RbacDecision, RbacFilter, evaluateRbac } from "./rbac";
import { parseCidr } from "../components/validate";

/** One call as Istio's simulation takes it (simulator/simulate_test.go). */
export interface SimulatedCall {
    id: string;
    proxy: string;
    mode: "outbound" | "gateway";
    address?: string;
    port: number;
    protocol: "http" | "tcp";
    tls: "plaintext" | "tls" | "mtls";
    host?: string;
    sni?: string;
}

export interface SimulatorProxy {
    id: string;
    kind: "sidecar" | "router";
    namespace: string;
    labels: Record<string, string>;
    ip: string;
}

export interface SimulatorRequest {
    istioConfig: string;
    kubernetes: string;
    outboundTrafficPolicy: "REGISTRY_ONLY" | "ALLOW_ANY";
    proxies: SimulatorProxy[];
    calls: SimulatedCall[];
}

/** What Istio's simulation reports for one call. */
export interface SimulatedResult {
    id: string;
    listener?: string;
    filterChain?: string;
    routeConfig?: string;
    virtualHost?: string;
    route?: string;
    cluster?: string;
    error?: string;
    /** The TLS the reached cluster originates: SNI, where its CA comes from, the names it accepts. */
    clusterTls?: OriginatedTls;
    /** The RBAC filters on the filter chain the call matched, as Istio generated them. */
    rbac?: RbacFilter[];
    /** The access logs of the matched chain, as Istio generated them. */
    accessLogs?: AccessLogInfo[];
}

/** One access log on a chain: filters that must all hold (`cel:<expression>`), and its JSON fields (empty: text). */
export interface AccessLogInfo {
    path?: string;
    filters: string[];
    jsonFields: string[];
}

export interface OriginatedTls {
    sni: string;
    /** The CA that verifies the server: Istio's SDS resource (`file-root:<path>`, a secret) or `file:<path>`. */
    caSource?: string;
    /** Names the server certificate must carry; empty means any certificate the CA signed is taken. */
    subjectAltNames?: string[];
}

/** Where a call must end up. */
export type Expectation =
    /** With `subjectAltNames`: the cluster originates TLS and must check the server's CA and name. */
    | { kind: "cluster"; cluster: string; sni?: string; subjectAltNames?: string[] }
    | { kind: "blocked" }
    | { kind: "passthrough" }
    /**
     * A registered port that is no exit: through the gateway, or blocked (or, under ALLOW_ANY,
     * the passthrough every unregistered call gets); never a cluster of the sidecar's own.
     */
    | { kind: "gatewayOrBlocked"; gatewayHost: string; passthrough: boolean };

/** Who makes a call: a workload's namespace and service account. */
export interface Caller {
    namespace: string;
    serviceAccount: string;
}

export interface PlannedCall {
    /** `direct`: a workload that cannot see an exit calls the gateway itself, around its sidecar. */
    what: "exit" | "unregistered" | "bypass" | "direct";
    from: string;
    /** The workload identity the gateway sees (over mutual TLS). */
    caller: Caller;
    host: string;
    port: number;
    protocol: string;
    /** Undefined for a `direct` call, which never passes a sidecar. */
    sidecar?: SimulatedCall;
    expectSidecar?: Expectation;
    gateway?: SimulatedCall;
    expectGateway?: Expectation;
    /** With a gateway leg: whether the plan's allow-lists admit the caller to this exit. */
    expectAuthorized?: boolean;
    /** From an observed namespace: the sidecar must log the call exactly when it passes through. */
    observed?: boolean;
}

export interface Simulation {
    request: SimulatorRequest;
    calls: PlannedCall[];
}

export const GATEWAY_PROXY = "gateway";
/** A namespace no service is exported to or allowed from. */
export const OUTSIDER_NAMESPACE = "mesh-egress-outsider";
/** A service account no allow-list names: the refused neighbour of one that is named. */
export const OTHER_SERVICE_ACCOUNT = "mesh-egress-other";
const DEFAULT_SERVICE_ACCOUNT = "default";

/** The identities that call each exit from a namespace: every account an allow-list names there, and one it does not. */
export function callersIn(service: ServiceSpec, namespace: string): Caller[] {
    const named = [...new Set((service.allowFrom ?? []).filter((a) => a.namespace === namespace && a.serviceAccount).map((a) => a.serviceAccount!))];
    const accounts = named.length ? [...named, OTHER_SERVICE_ACCOUNT] : [DEFAULT_SERVICE_ACCOUNT];
    return accounts.map((serviceAccount) => ({ namespace, serviceAccount }));
}

/** Whether the plan admits a caller to a service's exits: every caller, unless the service lists its sources. */
export function admits(service: ServiceSpec, caller: Caller): boolean {
    if (!service.allowFrom) return true;
    return service.allowFrom.some((a) => a.namespace === caller.namespace && (a.serviceAccount === undefined || a.serviceAccount === caller.serviceAccount));
}

/** The SPIFFE identity Istio's mutual TLS presents for a workload (the simulator's trust domain). */
export function principalOf(caller: Caller): string {
    return `spiffe://cluster.local/ns/${caller.namespace}/sa/${caller.serviceAccount}`;
}
export const UNREGISTERED_HOST = "unregistered.mesh-egress.invalid";
const UNREGISTERED_ADDRESS = "203.0.113.77";
const UNREGISTERED_TCP_PORT = 5999;
const BLACKHOLE = "BlackHoleCluster";
const PASSTHROUGH = PASSTHROUGH_CLUSTER;

function cluster(port: number, host: string, subset = ""): string {
    return `outbound|${port}|${subset}|${host}`;
}

/** A concrete name a wildcard host stands for (`*.example.com` -> `simulated.example.com`). */
export function concreteHost(host: string): string {
    return host.startsWith("*.") ? `simulated.${host.slice(2)}` : host;
}

/** An address inside a CIDR (its first host address) or the IP itself. */
export function addressIn(cidr: string): string {
    const parsed = parseCidr(cidr)!;
    if (parsed.bits === parsed.maxBits || parsed.maxBits !== 32) return parsed.ip;
    const octets = parsed.ip.split(".").map(Number);
    octets[3] += 1;
    return octets.join(".");
}

/** Namespaces a sidecar is simulated in: every one a service names, plus one named nowhere. */
export function simulatedNamespaces(plan: EgressPlan): string[] {
    const { spec } = plan;
    const names = new Set<string>(["default"]);
    for (const s of spec.services) {
        for (const ns of s.exportTo) if (ns !== "*" && ns !== ".") names.add(ns);
        for (const a of s.allowFrom ?? []) names.add(a.namespace);
    }
    for (const ns of spec.registryOnlyNamespaces ?? []) names.add(ns);
    for (const ns of spec.bypassProtection?.namespaces ?? []) names.add(ns);
    for (const ns of spec.observe?.namespaces ?? []) names.add(ns);
    names.delete(MESH_NAMESPACE);
    return [...[...names].sort(), OUTSIDER_NAMESPACE];
}

function visibleIn(exportTo: string[], namespace: string): boolean {
    return exportTo.includes("*") || exportTo.includes(namespace) || (exportTo.includes(".") && namespace === MESH_NAMESPACE);
}

function registryOnlyIn(plan: EgressPlan, namespace: string): boolean {
    const { spec } = plan;
    if (spec.outboundTrafficPolicy !== "REGISTRY_ONLY") return false;
    return !spec.registryOnlyNamespaces || spec.registryOnlyNamespaces.includes(namespace);
}

function observedIn(plan: EgressPlan, namespace: string): boolean {
    const observe = plan.spec.observe;
    return !!observe && (!observe.namespaces || observe.namespaces.includes(namespace));
}

function unregisteredExpectation(plan: EgressPlan, namespace: string): Expectation {
    return registryOnlyIn(plan, namespace) ? { kind: "blocked" } : { kind: "passthrough" };
}

/** How the application itself sends to this port: Host header, SNI, or destination address. */
function applicationCall(kind: "http" | "tls" | "tcp", host: string, port: number, address: string | undefined): Omit<SimulatedCall, "id" | "proxy"> {
    if (kind === "http") return { mode: "outbound", protocol: "http", tls: "plaintext", host, port };
    if (kind === "tls") return { mode: "outbound", protocol: "tcp", tls: "tls", sni: host, host, port };
    return { mode: "outbound", protocol: "tcp", tls: "plaintext", address, port };
}

function appKind(port: PortSpec): "http" | "tls" | "tcp" {
    return port.kind === "tcp" ? "tcp" : port.kind === "tls-passthrough" ? "tls" : "http";
}

/** The call as it arrives at the gateway from the sidecar, and where it must go from there. */
function gatewayLeg(plan: EgressPlan, service: ServiceSpec, host: string, port: PortSpec): { call: Omit<SimulatedCall, "id" | "proxy">; expect: Expectation } {
    const listener = listenerFor(plan.listeners, service, port);
    const upstream = upstreamOf(service, host);
    const concrete = concreteHost(host);
    const mtls = plan.spec.gateway.mutualTls;
    // The SNI the gateway DestinationRule sets on the mesh leg (routing.ts).
    const meshSni = host.startsWith("*") ? upstream : host;
    const kind = appKind(port);
    const call: Omit<SimulatedCall, "id" | "proxy"> =
        kind === "http"
            ? { mode: "gateway", protocol: "http", tls: mtls ? "mtls" : "plaintext", host: concrete, sni: mtls ? meshSni : undefined, port: listener.port }
            : kind === "tls"
              ? { mode: "gateway", protocol: "tcp", tls: mtls ? "mtls" : "tls", sni: mtls ? meshSni : concrete, port: listener.port }
              : { mode: "gateway", protocol: "tcp", tls: mtls ? "mtls" : "plaintext", sni: mtls ? meshSni : undefined, port: listener.port };
    if (port.kind === "tcp") return { call, expect: { kind: "cluster", cluster: cluster(port.number, host) } };
    if (port.kind === "tls-origination") {
        const target = service.upstreamHost ? upstream : originationHost(plan.spec.gateway, upstream);
        const sni = port.origination?.sni ?? upstream;
        return { call, expect: { kind: "cluster", cluster: cluster(port.upstreamPort, target), sni, subjectAltNames: port.origination?.subjectAltNames ?? [sni] } };
    }
    return { call, expect: { kind: "cluster", cluster: cluster(port.upstreamPort, upstream) } };
}

/** Everything Istio needs beside the objects: the Service ASM creates for the IstioGateway. */
export function gatewayServiceManifest(plan: EgressPlan): Manifest {
    const gateway = plan.objects.find((o) => o.manifest.kind === "IstioGateway")!.manifest;
    const ports = gateway.spec.ports as { name: string; port: number; targetPort?: number }[];
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: gatewayServiceName(gateway.metadata.name), namespace: MESH_NAMESPACE, labels: {} },
        spec: {
            type: "ClusterIP",
            clusterIP: "10.96.0.200",
            selector: gateway.spec.podLabels,
            ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: "TCP" })),
        },
    };
}

/** Builds the simulator's request and every call with its expectation. */
export function planSimulation(plan: EgressPlan, istioConfig: string, kubernetes: string): Simulation {
    const { spec } = plan;
    const namespaces = simulatedNamespaces(plan);
    const gatewayLabels = (plan.objects.find((o) => o.manifest.kind === "IstioGateway")!.manifest.spec.podLabels ?? {}) as Record<string, string>;
    const proxies: SimulatorProxy[] = [
        { id: GATEWAY_PROXY, kind: "router", namespace: MESH_NAMESPACE, labels: gatewayLabels, ip: "10.200.0.2" },
        ...namespaces.map((ns, i): SimulatorProxy => ({ id: `sidecar/${ns}`, kind: "sidecar", namespace: ns, labels: { app: "mesh-egress-client" }, ip: `10.100.${Math.floor(i / 250)}.${(i % 250) + 2}` })),
    ];
    const calls: PlannedCall[] = [];
    let n = 0;
    const id = () => `c${n++}`;
    const gatewayHost = gatewayServiceHost(spec.gateway.name);

    for (const service of spec.services) {
        for (const host of service.hosts) {
            for (const port of service.ports) {
                const listener = listenerFor(plan.listeners, service, port);
                const concrete = concreteHost(host);
                const address = service.addresses.length ? addressIn(service.addresses[0]) : undefined;
                const leg = gatewayLeg(plan, service, host, port);
                const gateway: SimulatedCall = { id: id(), proxy: GATEWAY_PROXY, ...leg.call };
                for (const ns of namespaces) {
                    const visible = visibleIn(service.exportTo, ns);
                    const sidecar: SimulatedCall = { id: id(), proxy: `sidecar/${ns}`, ...applicationCall(appKind(port), concrete, port.number, address) };
                    for (const caller of visible ? callersIn(service, ns) : [{ namespace: ns, serviceAccount: DEFAULT_SERVICE_ACCOUNT }]) {
                        calls.push({
                            what: "exit",
                            from: ns,
                            caller,
                            host: concrete,
                            port: port.number,
                            protocol: port.protocol,
                            sidecar,
                            expectSidecar: visible ? { kind: "cluster", cluster: cluster(listener.port, gatewayHost, subsetName(host)) } : unregisteredExpectation(plan, ns),
                            ...(visible ? { gateway, expectGateway: leg.expect, expectAuthorized: admits(service, caller) } : {}),
                        });
                    }
                }
                // Where exportTo hides the exit from a namespace, the gateway itself must still refuse a
                // caller the allow-list does not admit: it can be reached around the sidecar.
                if (!visibleIn(service.exportTo, OUTSIDER_NAMESPACE)) {
                    const caller = { namespace: OUTSIDER_NAMESPACE, serviceAccount: DEFAULT_SERVICE_ACCOUNT };
                    calls.push({ what: "direct", from: OUTSIDER_NAMESPACE, caller, host: concrete, port: port.number, protocol: port.protocol, gateway, expectGateway: leg.expect, expectAuthorized: admits(service, caller) });
                }
            }
        }
    }

    // Any other port a ServiceEntry registers for a host, called straight from a sidecar.
    for (const { manifest: entry, service: serviceName } of plan.objects.filter((o) => o.manifest.kind === "ServiceEntry")) {
        const owner = spec.services.find((s) => s.name === serviceName);
        const entryPorts = entry.spec.ports as { number: number; protocol: string }[];
        const addresses = (entry.spec.addresses as string[] | undefined) ?? [];
        for (const host of entry.spec.hosts as string[]) {
            const exitPorts = owner && owner.hosts.includes(host) ? owner.ports.map((p) => p.number) : [];
            for (const port of entryPorts.filter((p) => !exitPorts.includes(p.number))) {
                const concrete = concreteHost(host);
                const kind = port.protocol === "HTTP" ? "http" : port.protocol === "TCP" ? "tcp" : "tls";
                for (const ns of namespaces) {
                    calls.push({
                        what: "bypass",
                        from: ns,
                        caller: { namespace: ns, serviceAccount: DEFAULT_SERVICE_ACCOUNT },
                        host: concrete,
                        port: port.number,
                        protocol: port.protocol,
                        sidecar: { id: id(), proxy: `sidecar/${ns}`, ...applicationCall(kind, concrete, port.number, addresses.length ? addressIn(addresses[0]) : undefined) },
                        expectSidecar: { kind: "gatewayOrBlocked", gatewayHost, passthrough: !registryOnlyIn(plan, ns) },
                    });
                }
            }
        }
    }

    for (const ns of namespaces) {
        calls.push({
            what: "unregistered",
            from: ns,
            caller: { namespace: ns, serviceAccount: DEFAULT_SERVICE_ACCOUNT },
            host: UNREGISTERED_HOST,
            port: 80,
            protocol: "HTTP",
            sidecar: { id: id(), proxy: `sidecar/${ns}`, ...applicationCall("http", UNREGISTERED_HOST, 80, undefined) },
            expectSidecar: unregisteredExpectation(plan, ns),
        });
        calls.push({
            what: "unregistered",
            from: ns,
            caller: { namespace: ns, serviceAccount: DEFAULT_SERVICE_ACCOUNT },
            host: UNREGISTERED_ADDRESS,
            port: UNREGISTERED_TCP_PORT,
            protocol: "TCP",
            sidecar: { id: id(), proxy: `sidecar/${ns}`, ...applicationCall("tcp", UNREGISTERED_ADDRESS, UNREGISTERED_TCP_PORT, UNREGISTERED_ADDRESS) },
            expectSidecar: unregisteredExpectation(plan, ns),
        });
    }

    // Where passthrough is logged, every kind of unregistered call must be: TLS by SNI too.
    for (const ns of namespaces.filter((n) => observedIn(plan, n))) {
        calls.push({
            what: "unregistered",
            from: ns,
            caller: { namespace: ns, serviceAccount: DEFAULT_SERVICE_ACCOUNT },
            host: UNREGISTERED_HOST,
            port: 443,
            protocol: "TLS",
            sidecar: { id: id(), proxy: `sidecar/${ns}`, ...applicationCall("tls", UNREGISTERED_HOST, 443, undefined) },
            expectSidecar: unregisteredExpectation(plan, ns),
        });
    }
    for (const c of calls) if (c.sidecar && observedIn(plan, c.from)) c.observed = true;

    const unique = new Map<string, SimulatedCall>();
    for (const c of calls) {
        if (c.sidecar) unique.set(c.sidecar.id, c.sidecar);
        if (c.gateway) unique.set(c.gateway.id, c.gateway);
    }
    return {
        request: {
            istioConfig,
            kubernetes,
            // An adopted mesh keeps its own policy; assume the open default and let the Sidecars close it.
            outboundTrafficPolicy: spec.outboundPolicyVia === "meshConfig" ? "REGISTRY_ONLY" : "ALLOW_ANY",
            proxies,
            calls: [...unique.values()],
        },
        calls,
    };
}

/** Whether an originating cluster verifies the server: a CA, and exactly the expected names. */
function checksIdentity(tls: OriginatedTls | undefined, expected: string[] | undefined): boolean {
    if (expected === undefined) return true;
    const names = [...(tls?.subjectAltNames ?? [])].sort();
    return !!tls?.caSource && names.length > 0 && names.join("\n") === [...expected].sort().join("\n");
}

/** Whether a result meets an expectation. */
export function meets(result: SimulatedResult | undefined, expect: Expectation): boolean {
    if (!result) return false;
    const reached = result.cluster ?? "";
    switch (expect.kind) {
        case "cluster":
            return !result.error && reached === expect.cluster && (expect.sni === undefined || result.clusterTls?.sni === expect.sni) && checksIdentity(result.clusterTls, expect.subjectAltNames);
        case "blocked":
            // Envoy answers itself (block_all: 502), drops (BlackHoleCluster), or nothing matches.
            return reached === "" || reached === BLACKHOLE;
        case "passthrough":
            return reached === PASSTHROUGH;
        case "gatewayOrBlocked":
            return reached === "" || reached === BLACKHOLE || reached.endsWith(`|${expect.gatewayHost}`) || (expect.passthrough && reached === PASSTHROUGH);
    }
}

export function describeExpectation(e: Expectation): string {
    switch (e.kind) {
        case "cluster":
            if (!e.sni) return e.cluster;
            return e.subjectAltNames ? `${e.cluster} (TLS, SNI ${e.sni}, certificate for ${e.subjectAltNames.join(", ")})` : `${e.cluster} (TLS, SNI ${e.sni})`;
        case "blocked":
            return "blocked";
        case "passthrough":
            return PASSTHROUGH;
        case "gatewayOrBlocked":
            return `the gateway or blocked${e.passthrough ? ` (or ${PASSTHROUGH})` : ""}`;
    }
}

export interface CallVerdict {
    what: PlannedCall["what"];
    from: string;
    host: string;
    port: number;
    protocol: string;
    /** Null for a call straight to the gateway. */
    sidecar: { listener?: string; route?: string; cluster?: string; error?: string } | null;
    caller: Caller;
    gateway: { cluster?: string; sni?: string; caSource?: string; subjectAltNames?: string[]; error?: string; authorized: boolean; policy: string } | null;
    /** From an observed namespace: whether the sidecar writes an access log the audit can read (null: a filter it cannot evaluate). */
    logged?: boolean | null;
    expected: string;
    ok: boolean;
}

/** Where a call ended; at the gateway (`originated`), with the TLS the cluster originates to the server. */
function reachedText(r: SimulatedResult | undefined, originated = false): string {
    if (!r) return "(not simulated)";
    if (originated && r.cluster && r.clusterTls?.sni) {
        const names = r.clusterTls.subjectAltNames?.length ? r.clusterTls.subjectAltNames.join(", ") : "ANY NAME";
        return `${r.cluster} (TLS, SNI ${r.clusterTls.sni}, CA ${r.clusterTls.caSource || "NONE"}, certificate for ${names})`;
    }
    if (r.cluster) return r.cluster;
    if (r.route || r.virtualHost) return `${r.route || r.virtualHost} (no cluster)`;
    return r.error ? `(${r.error})` : "(nothing)";
}

/** Istio's RBAC filters on the gateway's matched filter chain, evaluated for the call's caller. */
function authorizeAtGateway(c: PlannedCall, result: SimulatedResult | undefined): RbacDecision {
    const call = c.gateway!;
    const principal = call.tls === "mtls" ? principalOf(c.caller) : undefined;
    return evaluateRbac(result?.rbac ?? [], { principal, sni: call.sni, host: call.protocol === "http" ? call.host : undefined, port: call.port });
}

/**
 * Whether the sidecar writes the call to a log the audit can read: a log whose filters pass for
 * the cluster reached and whose JSON format has every field the audit reads. Null when a filter
 * is beyond what logFilter.ts evaluates.
 */
export function auditLogged(result: SimulatedResult | undefined): boolean | null {
    let logged = false;
    for (const log of result?.accessLogs ?? []) {
        const writes = logWrites(log.filters, { clusterName: result?.cluster ?? "" });
        if (writes === undefined) return null;
        if (writes && AUDIT_LOG_FIELDS.every((f) => log.jsonFields.includes(f))) logged = true;
    }
    return logged;
}

/** Judges every planned call against the simulator's results. */
export function judge(simulation: Simulation, results: SimulatedResult[]): { calls: CallVerdict[]; ok: boolean } {
    const byId = new Map(results.map((r) => [r.id, r]));
    const calls = simulation.calls.map((c): CallVerdict => {
        const side = c.sidecar ? byId.get(c.sidecar.id) : undefined;
        const gw = c.gateway ? byId.get(c.gateway.id) : undefined;
        const decision = c.gateway ? authorizeAtGateway(c, gw) : undefined;
        const logged = c.observed ? auditLogged(side) : undefined;
        // Observing logs what passes through, and only that.
        const logOk = !c.observed || logged === (side?.cluster === PASSTHROUGH);
        const sidecarOk = !c.sidecar || (meets(side, c.expectSidecar!) && logOk);
        const ok = sidecarOk && (!c.gateway || (meets(gw, c.expectGateway!) && decision!.authorized === c.expectAuthorized));
        const first = c.sidecar ? `${describeExpectation(c.expectSidecar!)}${c.observed ? ", logged only if passed through" : ""}` : "straight to the gateway";
        const expected = c.gateway ? `${first} then ${describeExpectation(c.expectGateway!)}, ${c.expectAuthorized ? "authorized" : "refused"}` : first;
        return {
            what: c.what,
            from: c.from,
            caller: c.caller,
            host: c.host,
            port: c.port,
            protocol: c.protocol,
            sidecar: c.sidecar ? { listener: side?.listener, route: side?.route || side?.virtualHost, cluster: side?.cluster, error: side?.error } : null,
            gateway: c.gateway ? { cluster: gw?.cluster, sni: gw?.clusterTls?.sni, caSource: gw?.clusterTls?.caSource, subjectAltNames: gw?.clusterTls?.subjectAltNames, error: gw?.error, ...decision! } : null,
            ...(c.observed ? { logged } : {}),
            expected,
            ok,
        };
    });
    return { calls, ok: calls.every((c) => c.ok) };
}

/** One line per call: `FROM ns  host:port/proto  sidecar -> <cluster>  gateway -> <cluster>  ok|WRONG`. */
export function formatVerdicts(calls: CallVerdict[], results: SimulatedResult[], simulation: Simulation): string[] {
    const byId = new Map(results.map((r) => [r.id, r]));
    return calls.map((v, i) => {
        const planned = simulation.calls[i];
        const log = v.logged === undefined ? "" : v.logged === null ? ", log filter not understood" : v.logged ? ", logged" : ", not logged";
        const side = planned.sidecar ? `sidecar -> ${reachedText(byId.get(planned.sidecar.id))}${log}` : "straight to the gateway";
        const access = v.gateway ? `, ${v.gateway.authorized ? "authorized" : "refused"} (${v.gateway.policy})` : "";
        const gw = planned.gateway ? `  gateway -> ${reachedText(byId.get(planned.gateway.id), true)}${access}` : "";
        const verdict = v.ok ? "ok" : `WRONG (expected ${v.expected})`;
        const who = v.caller.serviceAccount === DEFAULT_SERVICE_ACCOUNT ? v.from : `${v.from} as ${v.caller.serviceAccount}`;
        return `FROM ${who}  ${v.host}:${v.port}/${v.protocol}  ${side}${gw}  ${verdict}`;
    });
}

/** What the simulation cannot judge, said rather than claimed. */
export const NOT_JUDGED = [
    "bypassProtection NetworkPolicies: enforced by the data-plane CNI, outside Istio's configuration.",
];
