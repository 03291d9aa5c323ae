// The one table of how each kind of traffic crosses the egress gateway (istio.io egress tasks,
// docs/design.md, "The egress pattern per kind of traffic"). A new kind of traffic is a new row here; the builders read only this.
import type { TrafficKind } from "./spec";

/**
 * Listeners of one family can be shared: HTTP by Host header, TLS by SNI (the application's, or
 * under mutual TLS the one the sidecar sends); plain TCP never.
 */
export type ListenerFamily = "http" | "tls" | "tcp";
export type RouteKind = "http" | "tls" | "tcp";

export interface TrafficRule {
    /** The listener family, with and without sidecar-to-gateway mTLS. */
    family: (mutualTls: boolean) => ListenerFamily;
    /** ServiceEntry port protocol for the application port. */
    serviceEntryProtocol: "HTTP" | "TLS" | "TCP";
    /** Gateway server protocol and TLS mode, with and without sidecar-to-gateway mTLS. */
    server: (mutualTls: boolean) => { protocol: "HTTP" | "HTTPS" | "TLS" | "TCP"; tlsMode?: "ISTIO_MUTUAL" | "PASSTHROUGH" };
    /**
     * One server per host. Needed where the gateway routes the decrypted stream by port only
     * (tcp routes): a server per host gives each host its own SNI filter chain.
     */
    serverPerHost: (mutualTls: boolean) => boolean;
    /** Route kind of the mesh leg (sidecar to gateway) and the gateway leg (gateway to host). */
    meshLeg: RouteKind;
    gatewayLeg: (mutualTls: boolean) => RouteKind;
    /** The gateway originates TLS to the upstream (a second ServiceEntry port and a DestinationRule). */
    originatesTls: boolean;
}

const httpRule: TrafficRule = {
    family: () => "http",
    serviceEntryProtocol: "HTTP",
    // With mTLS the sidecar wraps HTTP in ISTIO_MUTUAL, so the gateway server is HTTPS.
    server: (mtls) => (mtls ? { protocol: "HTTPS", tlsMode: "ISTIO_MUTUAL" } : { protocol: "HTTP" }),
    // Stryker disable next-line ArrowFunction: undefined reads as false where this is used.
    serverPerHost: () => false,
    meshLeg: "http",
    gatewayLeg: () => "http",
    originatesTls: false,
};

export const TRAFFIC_RULES: Record<TrafficKind, TrafficRule> = {
    http: httpRule,
    "tls-origination": { ...httpRule, originatesTls: true },
    "tls-passthrough": {
        family: () => "tls",
        serviceEntryProtocol: "TLS",
        server: (mtls) => ({ protocol: "TLS", tlsMode: mtls ? "ISTIO_MUTUAL" : "PASSTHROUGH" }),
        serverPerHost: (mtls) => mtls,
        meshLeg: "tls",
        // Once the gateway terminates ISTIO_MUTUAL the application's TLS is an opaque stream.
        gatewayLeg: (mtls) => (mtls ? "tcp" : "tls"),
        originatesTls: false,
    },
    tcp: {
        // Under mutual TLS the sidecar names the host in the SNI it sends, so TCP exits can share a
        // listener as TLS ones do; in plain text only the port tells them apart.
        family: (mtls) => (mtls ? "tls" : "tcp"),
        serviceEntryProtocol: "TCP",
        // Under mutual TLS a TCP exit is on a listener of the TLS family, whose server TLS's rule gives.
        server: () => ({ protocol: "TCP" }),
        // Stryker disable next-line ArrowFunction,BooleanLiteral: a TCP service has exactly one host, so one server either way.
        serverPerHost: () => true,
        meshLeg: "tcp",
        gatewayLeg: () => "tcp",
        originatesTls: false,
    },
};

/** Istio's port naming convention `<protocol>-<suffix>`, used on every port we name. */
export function portName(protocol: string, port: number): string {
    return `${protocol.toLowerCase()}-${port}`;
}

/**
 * Under mutual TLS, TLS and TCP exits reach the gateway by the SNI the sidecar sends: one subset
 * per host, on the gateway's SNI host (naming.ts, `sniServiceHost`).
 */
export function routedBySni(kind: TrafficKind, mutualTls: boolean): boolean {
    return mutualTls && TRAFFIC_RULES[kind].family(mutualTls) === "tls";
}
