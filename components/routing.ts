// Per-service routing objects: ServiceEntry, Gateway, DestinationRules and one VirtualService
// per host, with the mesh leg (sidecar -> gateway) and the gateway leg (gateway -> host).
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
    TcpRoute,
    TlsMatch,
    TlsRoute,
    VirtualServiceSpec,
} from "./istioTypes";
import type { Listener } from "./listeners";
import { listenerFor } from "./listeners";
import { Manifest, istioManifest } from "./manifest";
import { gatewayRef, gatewayServiceHost, hostSlug, objectName, subsetName } from "./naming";
import type { GatewaySpec, PortSpec, ServiceSpec } from "./spec";
import { RouteKind, TRAFFIC_RULES, portName } from "./traffic";

/** Default CA bundle for verifying external servers: present in Istio's proxy images. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

export interface RoutingContext {
    gateway: GatewaySpec;
    listeners: Map<string, Listener>;
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

export function gatewayObject(ctx: RoutingContext, service: ServiceSpec): Manifest {
    const servers: GatewayServer[] = [];
    // Each port of a service has a listener of its own: validation refuses repeated port numbers
    // and a gateway port pinned twice.
    for (const p of service.ports) {
        const listener = listenerFor(ctx.listeners, service, p);
        const rule = TRAFFIC_RULES[p.kind];
        const perHost = rule.serverPerHost(ctx.gateway.mutualTls);
        for (const hosts of perHost ? service.hosts.map((h) => [h]) : [service.hosts]) {
            // Server port names must be unique within a Gateway: per-host servers add the host.
            const name = perHost && service.hosts.length > 1 ? `${listener.name}-${hostSlug(hosts[0])}` : listener.name;
            const server: GatewayServer = { port: { number: listener.port, name, protocol: listener.protocol }, hosts };
            if (listener.tlsMode) server.tls = { mode: listener.tlsMode };
            servers.push(server);
        }
    }
    return istioManifest("networking.istio.io/v1beta1", "Gateway", objectName(ctx.gateway, service.name), {
        selector: ctx.gateway.selector,
        servers,
    });
}

/**
 * Sidecar-side policy toward the gateway: one subset per host, so ISTIO_MUTUAL carries the
 * host as SNI (the gateway picks the server by it). Without mTLS the subset disables TLS
 * explicitly, so auto-mTLS cannot wrap traffic the gateway expects in plain text.
 *
 * Exported to every namespace whatever the service's exportTo: Istio merges the rules for one
 * host only when their exportTo are equal, and a namespace that sees two unmerged rules uses the
 * last one alone, so a narrower rule would strip every other service's subsets (and their SNI)
 * there (docs/design.md, "One DestinationRule scope for the gateway host").
 */
export function gatewayDestinationRule(ctx: RoutingContext, service: ServiceSpec): Manifest {
    const ports = service.ports.map((p) => listenerFor(ctx.listeners, service, p).port).sort((a, b) => a - b);
    return istioManifest("networking.istio.io/v1beta1", "DestinationRule", objectName(ctx.gateway, service.name), {
        host: gatewayServiceHost(ctx.gateway.name),
        exportTo: ["*"],
        subsets: service.hosts.map((host) => ({
            name: subsetName(host),
            trafficPolicy: {
                portLevelSettings: ports.map((number) => ({
                    port: { number },
                    // A wildcard is no SNI; its traffic is named by the concrete upstream instead.
                    tls: ctx.gateway.mutualTls ? { mode: "ISTIO_MUTUAL", sni: host.startsWith("*") ? upstreamOf(service, host) : host } : { mode: "DISABLE" },
                })),
            },
        })),
    });
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

/** One VirtualService per host, bound to the mesh and to the gateway, with both legs per port. */
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
    const gwRef = gatewayRef(ctx.gateway, service);
    for (const p of service.ports) {
        const rule = TRAFFIC_RULES[p.kind];
        const listener = listenerFor(ctx.listeners, service, p);
        const gatewayLegKind = rule.gatewayLeg(ctx.gateway.mutualTls);
        // HTTP routes are named so access logs and istioctl output say which leg matched.
        add(rule.meshLeg, {
            name: `mesh-${p.number}`,
            gateways: ["mesh"],
            port: p.number,
            sniHost: host,
            // Only TCP services have addresses.
            destinationSubnets: service.addresses,
            destination: { host: gatewayServiceHost(ctx.gateway.name), subset: subsetName(host), port: { number: listener.port } },
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
    const spec: VirtualServiceSpec = { hosts: [host], gateways: [gwRef, "mesh"], exportTo: service.exportTo };
    if (http.length > 0) spec.http = http;
    if (tls.length > 0) spec.tls = tls;
    if (tcp.length > 0) spec.tcp = tcp;
    return istioManifest("networking.istio.io/v1beta1", "VirtualService", objectName(ctx.gateway, service.name, hostSlug(host)), spec);
}
