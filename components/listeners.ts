// Allocation of the egress gateway's listener ports: shared where the traffic can be told
// apart at the gateway (HTTP by host, TLS by SNI), one per port for each TCP service.
import type { EgressSpec, PortSpec, ServiceSpec } from "./spec";
import { ListenerFamily, TRAFFIC_RULES, portName } from "./traffic";
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

export function listenerKey(service: ServiceSpec, port: PortSpec): string {
    const family = TRAFFIC_RULES[port.kind].family;
    if (port.gatewayPort !== undefined) return `${family}@${port.gatewayPort}`;
    return family === "tcp" ? `tcp:${service.name}:${port.number}` : `${family}:${port.number}`;
}

/**
 * The listener allocated to a service's port, from the allocation (a map by key) or the plan's
 * sorted list: the one lookup every builder and view uses. Every port has one once allocated.
 */
export function listenerFor(listeners: ReadonlyMap<string, Listener> | readonly Listener[], service: ServiceSpec, port: PortSpec): Listener {
    const key = listenerKey(service, port);
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
    for (const service of spec.services) {
        for (const port of service.ports) {
            const family = TRAFFIC_RULES[port.kind].family;
            const preferred = port.gatewayPort ?? port.number;
            // Services sharing a key demand the same port and family; the service name orders only
            // TCP keys, which one service each demands. So whichever demand is kept, the order is the same.
            demands.set(listenerKey(service, port), { family, preferred, pinned: port.gatewayPort !== undefined, order: `${String(preferred).padStart(5, "0")}:${familyOrder[family]}:${service.name}` });
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
