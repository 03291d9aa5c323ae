// The simulator's wire format (simulator/simulate_test.go): the request it takes and what it
// reports for each call, exactly as the Go side encodes them.
import type { RbacFilter } from "./rbac";

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
