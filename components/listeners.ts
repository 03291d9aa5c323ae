// Allocation of the egress gateway's listener ports: shared where the traffic can be told
// apart at the gateway (HTTP by host, TLS by SNI, and under mutual TLS also TCP by the SNI the
// sidecar sends), one per port for each plain-text TCP service.
import type { EgressSpec, PortSpec, ServiceSpec } from "./spec";
import { ListenerFamily, TRAFFIC_RULES, portName, routedBySni } from "./traffic";
import { ISTIO_RESERVED_PORTS } from "./validateService";

export interface Listener {
    key: string;
    family: ListenerFamily;
    port: number;
    /** Istio-style name, shared by the Gateway servers and the gateway Service port. */
    name: string;
    protocol: "HTTP" | "HTTPS" | "TLS" | "TCP";
    tlsMode?: "ISTIO_MUTUAL" | "PASSTHROUGH";
}

/** First port tried for a listener whose preferred port is taken. */
export const FALLBACK_LISTENER_BASE = 20000;

/** The port every shared SNI listener asks for first (the first one gets it): TLS's own. */
export const SNI_LISTENER_PORT = 443;

/**
 * Under mutual TLS, TLS and TCP ports share listeners whatever their numbers: a service's first
 * such port (by number) goes to `sni:0`, its second to `sni:1`, and so on. So the gateway has as
 * many SNI listeners as the most any one service declares, and a host is on each at most once.
 */
function sniSlot(service: ServiceSpec, port: PortSpec): number {
    return service.ports.filter((p) => p.gatewayPort === undefined && routedBySni(p.kind, true)).sort((a, b) => a.number - b.number).indexOf(port);
}

export function listenerKey(service: ServiceSpec, port: PortSpec, mutualTls: boolean): string {
    const family = TRAFFIC_RULES[port.kind].family(mutualTls);
    if (port.gatewayPort !== undefined) return `${family}@${port.gatewayPort}`;
    if (family === "tcp") return `tcp:${service.name}:${port.number}`;
    return routedBySni(port.kind, mutualTls) ? `sni:${sniSlot(service, port)}` : `${family}:${port.number}`;
}

/**
 * The listener allocated to a service's port, from the allocation (a map by key) or the plan's
 * sorted list: the one lookup every builder and view uses. Every port has one once allocated.
 */
export function listenerFor(listeners: ReadonlyMap<string, Listener> | readonly Listener[], service: ServiceSpec, port: PortSpec, mutualTls: boolean): Listener {
    const key = listenerKey(service, port, mutualTls);
    return (Array.isArray(listeners) ? listeners.find((l) => l.key === key) : (listeners as ReadonlyMap<string, Listener>).get(key))!;
}

function isReserved(port: number): boolean {
    return port >= ISTIO_RESERVED_PORTS.from && port <= ISTIO_RESERVED_PORTS.to;
}

/**
 * Listener ports by key. Pinned ports (`gatewayPort`) first; then each listener takes the
 * application port when free, else the next free port from 20000. Candidates are ordered by
 * port, family and service name, so only a clash on the same number can move a listener;
 * pin `gatewayPort` where even that must never happen.
 */
export function allocateListeners(spec: EgressSpec): Map<string, Listener> {
    const demands = new Map<string, { family: ListenerFamily; preferred: number; pinned: boolean; order: string }>();
    const familyOrder: Record<ListenerFamily, number> = { http: 0, tls: 1, tcp: 2 };
    const mtls = spec.gateway.mutualTls;
    for (const service of spec.services) {
        for (const port of service.ports) {
            const family = TRAFFIC_RULES[port.kind].family(mtls);
            const key = listenerKey(service, port, mtls);
            const preferred = port.gatewayPort ?? (key.startsWith("sni:") ? SNI_LISTENER_PORT : port.number);
            // Services sharing a key demand the same port and family, so whichever demand is kept,
            // the order is the same; the key orders TCP listeners (by service) and SNI slots.
            demands.set(key, { family, preferred, pinned: port.gatewayPort !== undefined, order: `${String(preferred).padStart(5, "0")}:${familyOrder[family]}:${key}` });
        }
    }
    const taken = new Set<number>();
    const listeners = new Map<string, Listener>();
    const make = (key: string, family: ListenerFamily, port: number): void => {
        const server = TRAFFIC_RULES[family === "http" ? "http" : family === "tls" ? "tls-passthrough" : "tcp"].server(spec.gateway.mutualTls);
        taken.add(port);
        listeners.set(key, { key, family, port, name: portName(server.protocol, port), protocol: server.protocol, tlsMode: server.tlsMode });
    };
    const entries = [...demands.entries()].sort((a, b) => a[1].order.localeCompare(b[1].order));
    for (const [key, d] of entries) {
        if (d.pinned) make(key, d.family, d.preferred);
    }
    let next = FALLBACK_LISTENER_BASE;
    for (const [key, d] of entries) {
        if (d.pinned) continue;
        if (!taken.has(d.preferred) && !isReserved(d.preferred)) {
            make(key, d.family, d.preferred);
            continue;
        }
        while (taken.has(next) || isReserved(next)) next++;
        make(key, d.family, next);
    }
    return listeners;
}
