// `mesh-egress simulate`: the calls to make and what each should meet, per the plan
// (cli/verdict.ts judges what Istio's generator and simulation report; cli/runSimulator.ts runs them).
// Every exit (service × host × port) from a sidecar in every namespace that matters, then at the
// gateway; an unregistered host from each namespace; and every other port a ServiceEntry
// registers, called directly (a bypass of the gateway is never acceptable).
import type { EgressPlan, Manifest, PortSpec, ServiceSpec } from "../components/internal";
import { gatewayServiceHost } from "../components/internal";
import { MESH_NAMESPACE, gatewayServiceName, sniServiceHost } from "../components/naming";
import { planRoutingContext } from "../components/plan";
import { RoutingContext, exitListener, meshLegDestination, meshLegSni, originationHost, upstreamOf } from "../components/routing";
import { PASSTHROUGH_CLUSTER } from "../components/observe";
import type { SimulatedCall, SimulatorProxy, SimulatorRequest } from "./simulatorWire";
import { parseCidr } from "../components/hostSyntax";

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
    | { kind: "gatewayOrBlocked"; gatewayHosts: string[]; passthrough: boolean };

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
export const DEFAULT_SERVICE_ACCOUNT = "default";

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
export const BLACKHOLE = "BlackHoleCluster";
export const PASSTHROUGH = PASSTHROUGH_CLUSTER;

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

/** Namespaces a sidecar is simulated in: every one a service names (or `extra` lists), plus one named nowhere. */
export function simulatedNamespaces(plan: EgressPlan, extra: string[] = []): string[] {
    const { spec } = plan;
    const names = new Set<string>(["default", ...extra]);
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

/**
 * Blocked where the plan locks the namespace, or where the live mesh does (`liveLocks`: namespaces
 * holding someone else's selector-less REGISTRY_ONLY Sidecar, `istio-system` for the whole mesh).
 * A plan under ALLOW_ANY on an adopted mesh promises no passthrough; it lands under such a lock.
 */
function unregisteredExpectation(plan: EgressPlan, namespace: string, liveLocks: string[]): Expectation {
    const locked = registryOnlyIn(plan, namespace) || liveLocks.includes(namespace) || liveLocks.includes(MESH_NAMESPACE);
    return locked ? { kind: "blocked" } : { kind: "passthrough" };
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
function gatewayLeg(plan: EgressPlan, ctx: RoutingContext, service: ServiceSpec, host: string, port: PortSpec): { call: Omit<SimulatedCall, "id" | "proxy">; expect: Expectation } {
    const mtls = plan.spec.gateway.mutualTls;
    const listener = exitListener(ctx, service, port);
    const upstream = upstreamOf(service, host);
    const concrete = concreteHost(host);
    // The SNI the sidecar sends on the mesh leg, as the DestinationRules toward the gateway set it.
    const meshSni = meshLegSni(ctx, service, host, listener);
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
export function planSimulation(plan: EgressPlan, istioConfig: string, kubernetes: string, extraNamespaces: string[] = [], liveLocks: string[] = []): Simulation {
    const { spec } = plan;
    const namespaces = simulatedNamespaces(plan, extraNamespaces);
    const gatewayLabels = (plan.objects.find((o) => o.manifest.kind === "IstioGateway")!.manifest.spec.podLabels ?? {}) as Record<string, string>;
    const proxies: SimulatorProxy[] = [
        { id: GATEWAY_PROXY, kind: "router", namespace: MESH_NAMESPACE, labels: gatewayLabels, ip: "10.200.0.2" },
        ...namespaces.map((ns, i): SimulatorProxy => ({ id: `sidecar/${ns}`, kind: "sidecar", namespace: ns, labels: { app: "mesh-egress-client" }, ip: `10.100.${Math.floor(i / 250)}.${(i % 250) + 2}` })),
    ];
    const calls: PlannedCall[] = [];
    let n = 0;
    const id = () => `c${n++}`;
    const ctx = planRoutingContext(plan);
    // Both names the gateway is reached by: its Service, and the SNI host of TLS and TCP exits.
    const gatewayHosts = [gatewayServiceHost(spec.gateway.name), sniServiceHost(spec.gateway.name)];

    for (const service of spec.services) {
        for (const host of service.hosts) {
            for (const port of service.ports) {
                const meshLeg = meshLegDestination(ctx, service, host, port);
                const concrete = concreteHost(host);
                const address = service.addresses.length ? addressIn(service.addresses[0]) : undefined;
                const leg = gatewayLeg(plan, ctx, service, host, port);
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
                            // Under mutual TLS the gateway picks its server by the SNI the sidecar sends: it must be there.
                            expectSidecar: visible ? { kind: "cluster", cluster: cluster(meshLeg.port.number, meshLeg.host, meshLeg.subset), ...(leg.call.tls === "mtls" ? { sni: leg.call.sni } : {}) } : unregisteredExpectation(plan, ns, liveLocks),
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
                        expectSidecar: { kind: "gatewayOrBlocked", gatewayHosts, passthrough: !registryOnlyIn(plan, ns) },
                    });
                }
            }
        }
    }

    // A call to a host no ServiceEntry registers, as the application makes it.
    const unregistered = (ns: string, kind: "http" | "tls" | "tcp", host: string, port: number, protocol: string, address?: string): PlannedCall => ({
        what: "unregistered",
        from: ns,
        caller: { namespace: ns, serviceAccount: DEFAULT_SERVICE_ACCOUNT },
        host,
        port,
        protocol,
        sidecar: { id: id(), proxy: `sidecar/${ns}`, ...applicationCall(kind, host, port, address) },
        expectSidecar: unregisteredExpectation(plan, ns, liveLocks),
    });
    for (const ns of namespaces) {
        calls.push(unregistered(ns, "http", UNREGISTERED_HOST, 80, "HTTP"));
        calls.push(unregistered(ns, "tcp", UNREGISTERED_ADDRESS, UNREGISTERED_TCP_PORT, "TCP", UNREGISTERED_ADDRESS));
    }
    // Where passthrough is logged, every kind of unregistered call must be: TLS by SNI too.
    for (const ns of namespaces.filter((n) => observedIn(plan, n))) calls.push(unregistered(ns, "tls", UNREGISTERED_HOST, 443, "TLS"));
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

/** What the simulation cannot judge, said rather than claimed. */
export const NOT_JUDGED = [
    "bypassProtection NetworkPolicies: enforced by the data-plane CNI, outside Istio's configuration.",
];
