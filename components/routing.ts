// Routing objects: per service its ServiceEntry and one VirtualService per host, with the mesh leg
// (sidecar -> gateway) and the gateway leg (gateway -> host); shared, one Gateway per listener and
// the DestinationRules toward the gateway (docs/design.md, "What sidecars hold").
import type {
    ClientTlsSettings,
    GatewayServer,
    HttpMatch,
    HttpRoute,
    L4Match,
    PortTrafficPolicy,
    RouteDestination,
    ServiceEntryPort,
    ServiceEntrySpec,
    Subset,
    TcpRoute,
    TlsMatch,
    TlsRoute,
    VirtualServiceSpec,
} from "./istioTypes";
import type { Listener } from "./listeners";
import { listenerFor } from "./listeners";
import { Manifest, istioManifest } from "./manifest";
import { gatewayRef, gatewayServiceHost, hostSlug, listenerSniHost, objectName, sniServiceHost, subsetName } from "./naming";
import type { GatewaySpec, PortSpec, ServiceSpec } from "./spec";
import { RouteKind, TRAFFIC_RULES, portName, routedBySni } from "./traffic";

/** Default CA bundle for verifying external servers: present in Istio's proxy images. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

export interface RoutingContext {
    gateway: GatewaySpec;
    listeners: Map<string, Listener>;
}

/** The listener a service's port goes through, as allocated under the context's mutual TLS setting. */
export function exitListener(ctx: RoutingContext, service: ServiceSpec, port: PortSpec): Listener {
    return listenerFor(ctx.listeners, service, port, ctx.gateway.mutualTls);
}


/** The host the gateway sends a service host's traffic to. */
export function upstreamOf(service: ServiceSpec, host: string): string {
    return service.upstreamHost ?? host;
}

export function serviceEntry(ctx: RoutingContext, service: ServiceSpec): Manifest {
    const ports = new Map<number, ServiceEntryPort>();
    for (const p of service.ports) {
        const protocol = TRAFFIC_RULES[p.kind].serviceEntryProtocol;
        ports.set(p.number, { number: p.number, name: portName(protocol, p.number), protocol });
    }
    // Stryker disable next-line MethodExpression: validation refuses a service that mixes TCP with other protocols
    const isTcp = service.ports.some((p) => p.kind === "tcp");
    const spec: ServiceEntrySpec = {
        hosts: service.hosts,
        location: "MESH_EXTERNAL",
        ports: [...ports.values()].sort((a, b) => a.number! - b.number!),
        exportTo: service.exportTo,
    };
    if (isTcp) {
        // CIDR addresses are only valid with NONE/STATIC; STATIC endpoints give the gateway
        // concrete IPs (NONE would make it forward to itself).
        spec.addresses = service.addresses;
        spec.resolution = "STATIC";
        spec.endpoints = service.endpoints.map((address) => ({ address }));
    } else {
        // Wildcards cannot be resolved; the gateway leg goes to upstreamHost, registered separately.
        spec.resolution = service.upstreamHost ? "NONE" : "DNS";
    }
    return istioManifest("networking.istio.io/v1beta1", "ServiceEntry", objectName(ctx.gateway, service.name), spec);
}

/**
 * The name the gateway originates TLS to for an upstream host: a host only the gateway's
 * namespace sees, whose one endpoint is the real host. The upstream's TLS port must not be
 * registered on the real host: every sidecar that sees it would get a direct route to host:443
 * and could leave around the gateway. A second entry for the same host exported only to the
 * gateway does not help either: Istio keeps one of two same-named services whose exportTo
 * differ, the older, and drops the other (sidecar.go canMergeServices; `mesh-egress simulate`
 * shows the gateway then losing its origination).
 */
export function originationHost(gateway: GatewaySpec, upstream: string): string {
    return `${hostSlug(upstream)}.tls-origination.${gateway.name}.mesh-egress.internal`;
}

/** Where the gateway sends one host's traffic on one port. */
export function gatewayLegHost(ctx: RoutingContext, service: ServiceSpec, host: string, port: PortSpec): string {
    const upstream = upstreamOf(service, host);
    return TRAFFIC_RULES[port.kind].originatesTls && !service.upstreamHost ? originationHost(ctx.gateway, upstream) : upstream;
}

/** Only with TLS origination (and no upstreamHost): per host, the gateway-only name of its TLS port. */
export function originationServiceEntries(ctx: RoutingContext, service: ServiceSpec): { host: string; manifest: Manifest }[] {
    if (service.upstreamHost) return [];
    const ports = new Map<number, ServiceEntryPort>();
    for (const p of service.ports) {
        if (TRAFFIC_RULES[p.kind].originatesTls) ports.set(p.upstreamPort, { number: p.upstreamPort, name: portName("HTTPS", p.upstreamPort), protocol: "HTTPS" });
    }
    if (ports.size === 0) return [];
    return service.hosts.map((host) => ({
        host,
        manifest: istioManifest("networking.istio.io/v1beta1", "ServiceEntry", objectName(ctx.gateway, service.name, "tls", hostSlug(host)), {
            hosts: [originationHost(ctx.gateway, host)],
            location: "MESH_EXTERNAL",
            ports: [...ports.values()].sort((a, b) => a.number! - b.number!),
            // A DNS endpoint: the gateway resolves the real host and connects to it.
            resolution: "DNS",
            endpoints: [{ address: host }],
            exportTo: ["."],
        }),
    }));
}

/**
 * Only with upstreamHost: the concrete host the gateway resolves and connects to. Only the
 * gateway's namespace sees it: sidecars reach the upstream through the wildcard's routes.
 */
export function upstreamServiceEntry(ctx: RoutingContext, service: ServiceSpec): Manifest | undefined {
    if (!service.upstreamHost) return undefined;
    const ports = new Map<number, ServiceEntryPort>();
    for (const p of service.ports) {
        const protocol = TRAFFIC_RULES[p.kind].originatesTls ? "HTTPS" : TRAFFIC_RULES[p.kind].serviceEntryProtocol;
        ports.set(p.upstreamPort, { number: p.upstreamPort, name: portName(protocol, p.upstreamPort), protocol });
    }
    return istioManifest("networking.istio.io/v1beta1", "ServiceEntry", objectName(ctx.gateway, service.name, "upstream"), {
        hosts: [service.upstreamHost],
        location: "MESH_EXTERNAL",
        ports: [...ports.values()].sort((a, b) => a.number! - b.number!),
        resolution: "DNS",
        exportTo: ["."],
    });
}

/** One exit through a listener: a service's port. */
export interface ListenerExit {
    service: ServiceSpec;
    port: PortSpec;
}

/** Every listener with the exits it carries, in listener port order. */
export function exitsByListener(ctx: RoutingContext, services: readonly ServiceSpec[]): { listener: Listener; exits: ListenerExit[] }[] {
    const byKey = new Map<string, ListenerExit[]>();
    for (const service of services) {
        for (const port of service.ports) {
            const key = exitListener(ctx, service, port).key;
            byKey.set(key, [...(byKey.get(key) ?? []), { service, port }]);
        }
    }
    return [...byKey.entries()].map(([key, exits]) => ({ listener: ctx.listeners.get(key)!, exits })).sort((a, b) => a.listener.port - b.listener.port);
}

/**
 * The Istio Gateway of one listener, shared by every exit on it: one server per host where the
 * gateway routes the decrypted stream by port alone (each host needs its own SNI filter chain),
 * otherwise one server for all its hosts. Under mutual TLS an HTTP server also answers to the
 * listener's own SNI, the one sidecars send there (`gatewayDestinationRule`).
 */
export function listenerGateway(ctx: RoutingContext, listener: Listener, exits: readonly ListenerExit[]): Manifest {
    const mtls = ctx.gateway.mutualTls;
    const hosts = [...new Set(exits.flatMap((e) => e.service.hosts))].sort();
    const server = (name: string, serverHosts: string[]): GatewayServer => ({
        port: { number: listener.port, name, protocol: listener.protocol },
        hosts: serverHosts,
        ...(listener.tlsMode ? { tls: { mode: listener.tlsMode } } : {}),
    });
    // Every exit of a listener is of its family, so the first tells how the gateway routes them all.
    const perHost = TRAFFIC_RULES[exits[0].port.kind].serverPerHost(mtls);
    const servers = perHost
        ? hosts.map((host) => server(`${listener.name}-${hostSlug(host)}`, [host]))
        : // Under mutual TLS only HTTP listeners have one server for all their hosts.
          [server(listener.name, mtls ? [listenerSniHost(ctx.gateway.name, listener), ...hosts] : hosts)];
    return istioManifest("networking.istio.io/v1beta1", "Gateway", objectName(ctx.gateway, listener.name), { selector: ctx.gateway.selector, servers });
}

/** The SNI a sidecar sends to the gateway for one exit, under mutual TLS. A wildcard is no SNI: its concrete upstream is. */
export function meshLegSni(ctx: RoutingContext, service: ServiceSpec, host: string, listener: Listener): string {
    if (listener.family === "http") return listenerSniHost(ctx.gateway.name, listener);
    return host.startsWith("*") ? upstreamOf(service, host) : host;
}

/** Where a sidecar sends one exit: the gateway Service, or under mutual TLS for SNI-routed exits the host's subset of the SNI host. */
export function meshLegDestination(ctx: RoutingContext, service: ServiceSpec, host: string, port: PortSpec): { host: string; subset?: string; port: { number: number } } {
    const listener = exitListener(ctx, service, port);
    if (routedBySni(port.kind, ctx.gateway.mutualTls)) return { host: sniServiceHost(ctx.gateway.name), subset: subsetName(host), port: { number: listener.port } };
    return { host: gatewayServiceHost(ctx.gateway.name), port: { number: listener.port } };
}

/**
 * Sidecar-side policy toward the gateway Service, one for every exit and no subsets, so each
 * sidecar holds one cluster per gateway port. Under mutual TLS, HTTP listeners get the SNI
 * their one server answers to; without it, TLS is disabled explicitly, so auto-mTLS cannot wrap
 * traffic the gateway expects in plain text.
 *
 * Exported to every namespace: Istio merges the rules for one host only when their exportTo are
 * equal, and a namespace that sees two unmerged rules uses the last one alone
 * (docs/design.md, "One DestinationRule scope for the gateway").
 */
export function gatewayDestinationRule(ctx: RoutingContext): Manifest {
    const mtls = ctx.gateway.mutualTls;
    const listeners = [...ctx.listeners.values()].sort((a, b) => a.port - b.port);
    const tls = (l: Listener): ClientTlsSettings => (!mtls ? { mode: "DISABLE" } : l.family === "http" ? { mode: "ISTIO_MUTUAL", sni: listenerSniHost(ctx.gateway.name, l) } : { mode: "ISTIO_MUTUAL" });
    return istioManifest("networking.istio.io/v1beta1", "DestinationRule", objectName(ctx.gateway, "gateway"), {
        host: gatewayServiceHost(ctx.gateway.name),
        exportTo: ["*"],
        trafficPolicy: { portLevelSettings: listeners.map((l) => ({ port: { number: l.port }, tls: tls(l) })) },
    });
}

/**
 * Under mutual TLS with TLS or TCP exits, the gateway as their destination: the pods under a name
 * of their own (`sniServiceHost`) with only the SNI listeners as ports, and its DestinationRule.
 *
 * The ServiceEntry's endpoints are the pods the selector picks in the gateway's namespace; the
 * sidecar verifies their identity as for any mesh workload. The rule has one subset per TLS or
 * TCP host, setting the SNI by which the gateway picks that host's server; a subset has a cluster
 * per port of the SNI host only, so a sidecar holds about one cluster per such host. Both are
 * exported everywhere, as `gatewayDestinationRule`.
 */
export function sniObjects(ctx: RoutingContext, services: readonly ServiceSpec[]): { entry: Manifest; rule: Manifest } | undefined {
    if (!ctx.gateway.mutualTls) return undefined;
    const listeners = [...ctx.listeners.values()].filter((l) => l.family === "tls").sort((a, b) => a.port - b.port);
    if (listeners.length === 0) return undefined;
    const subsets = new Map<string, Subset>();
    for (const service of services) {
        const ports = service.ports.filter((p) => routedBySni(p.kind, ctx.gateway.mutualTls)).map((p) => exitListener(ctx, service, p)).sort((a, b) => a.port - b.port);
        for (const host of ports.length > 0 ? service.hosts : []) {
            subsets.set(subsetName(host), {
                name: subsetName(host),
                trafficPolicy: { portLevelSettings: ports.map((l) => ({ port: { number: l.port }, tls: { mode: "ISTIO_MUTUAL", sni: meshLegSni(ctx, service, host, l) } })) },
            });
        }
    }
    const host = sniServiceHost(ctx.gateway.name);
    const entry = istioManifest("networking.istio.io/v1beta1", "ServiceEntry", objectName(ctx.gateway, "sni"), {
        hosts: [host],
        location: "MESH_INTERNAL",
        ports: listeners.map((l) => ({ number: l.port, name: l.name, protocol: "TLS" })),
        resolution: "STATIC",
        workloadSelector: { labels: ctx.gateway.selector },
        exportTo: ["*"],
    });
    const rule = istioManifest("networking.istio.io/v1beta1", "DestinationRule", objectName(ctx.gateway, "sni"), {
        host,
        exportTo: ["*"],
        trafficPolicy: { portLevelSettings: listeners.map((l) => ({ port: { number: l.port }, tls: { mode: "ISTIO_MUTUAL" } })) },
        subsets: [...subsets.keys()].sort().map((name) => subsets.get(name)!),
    });
    return { entry, rule };
}

/**
 * TLS origination at the gateway: one DestinationRule per upstream host, applied only to the
 * gateway pods (workloadSelector), sending SNI and verifying the server certificate: signed by
 * the CA, and issued for the expected name.
 */
export function originationDestinationRules(ctx: RoutingContext, service: ServiceSpec): { upstream: string; manifest: Manifest }[] {
    const originating = service.ports.filter((p) => TRAFFIC_RULES[p.kind].originatesTls);
    if (originating.length === 0) return [];
    const upstreams = [...new Set(service.hosts.map((h) => upstreamOf(service, h)))];
    return upstreams.map((upstream) => {
        const byPort = new Map<number, PortTrafficPolicy>();
        for (const p of originating) {
            const o = p.origination ?? {};
            const tls: ClientTlsSettings = { mode: o.credentialName ? "MUTUAL" : "SIMPLE" };
            if (o.credentialName) tls.credentialName = o.credentialName;
            if (o.caCertificates || !o.credentialName) tls.caCertificates = o.caCertificates ?? SYSTEM_CA_BUNDLE;
            tls.sni = o.sni ?? upstream;
            // Istio checks the server's name on its own only when sni is left empty; it never is here.
            tls.subjectAltNames = o.subjectAltNames ? [...o.subjectAltNames] : [tls.sni];
            byPort.set(p.upstreamPort, { port: { number: p.upstreamPort }, tls });
        }
        const manifest = istioManifest("networking.istio.io/v1beta1", "DestinationRule", objectName(ctx.gateway, service.name, "tls", hostSlug(upstream)), {
            host: service.upstreamHost ? upstream : originationHost(ctx.gateway, upstream),
            workloadSelector: { matchLabels: ctx.gateway.selector },
            // With a workloadSelector Istio allows only the DR's own namespace, the gateway's.
            exportTo: ["."],
            trafficPolicy: { portLevelSettings: [...byPort.values()].sort((a, b) => a.port!.number! - b.port!.number!) },
        });
        return { upstream, manifest };
    });
}

interface Leg {
    name?: string;
    gateways: string[];
    port: number;
    /** Matched by TLS routes only. */
    sniHost: string;
    /** Matched by TCP routes only, when there are any. */
    destinationSubnets: string[];
    destination: RouteDestination["destination"];
}

function httpRoute(leg: Leg): HttpRoute {
    const match: HttpMatch = { gateways: leg.gateways, port: leg.port };
    return { ...(leg.name ? { name: leg.name } : {}), match: [match], route: [{ destination: leg.destination }] };
}

function tlsRoute(leg: Leg): TlsRoute {
    const match: TlsMatch = { gateways: leg.gateways, port: leg.port, sniHosts: [leg.sniHost] };
    return { match: [match], route: [{ destination: leg.destination }] };
}

function tcpRoute(leg: Leg): TcpRoute {
    const match: L4Match = { gateways: leg.gateways, port: leg.port };
    if (leg.destinationSubnets.length > 0) match.destinationSubnets = leg.destinationSubnets;
    return { match: [match], route: [{ destination: leg.destination }] };
}

/** One VirtualService per host, bound to the mesh and to its listeners' Gateways, with both legs per port. */
export function virtualService(ctx: RoutingContext, service: ServiceSpec, host: string): Manifest {
    const http: HttpRoute[] = [];
    const tls: TlsRoute[] = [];
    const tcp: TcpRoute[] = [];
    const routesOf: Record<RouteKind, (leg: Leg) => number> = {
        http: (leg) => http.push(httpRoute(leg)),
        tls: (leg) => tls.push(tlsRoute(leg)),
        tcp: (leg) => tcp.push(tcpRoute(leg)),
    };
    const add = (kind: RouteKind, leg: Leg) => routesOf[kind](leg);
    const gatewayRefs = new Set<string>();
    for (const p of service.ports) {
        const rule = TRAFFIC_RULES[p.kind];
        const listener = exitListener(ctx, service, p);
        const gwRef = gatewayRef(ctx.gateway, listener);
        gatewayRefs.add(gwRef);
        const gatewayLegKind = rule.gatewayLeg(ctx.gateway.mutualTls);
        // HTTP routes are named so access logs and istioctl output say which leg matched.
        add(rule.meshLeg, {
            name: `mesh-${p.number}`,
            gateways: ["mesh"],
            port: p.number,
            sniHost: host,
            // Only TCP services have addresses.
            destinationSubnets: service.addresses,
            destination: meshLegDestination(ctx, service, host, p),
        });
        add(gatewayLegKind, {
            name: `gateway-${p.number}`,
            gateways: [gwRef],
            port: listener.port,
            sniHost: host,
            destinationSubnets: [],
            destination: { host: gatewayLegHost(ctx, service, host, p), port: { number: p.upstreamPort } },
        });
    }
    const spec: VirtualServiceSpec = { hosts: [host], gateways: [...[...gatewayRefs].sort(), "mesh"], exportTo: service.exportTo };
    if (http.length > 0) spec.http = http;
    if (tls.length > 0) spec.tls = tls;
    if (tcp.length > 0) spec.tcp = tcp;
    return istioManifest("networking.istio.io/v1beta1", "VirtualService", objectName(ctx.gateway, service.name, hostSlug(host)), spec);
}
