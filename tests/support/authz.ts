// A small model of Istio's ALLOW-policy evaluation (istio.io "Authorization Policy" reference):
// with no ALLOW policy everything passes; with any, a request passes only if some rule matches
// it. Values match exactly, or by a leading/trailing "*" (suffix/prefix match).
import type { Manifest } from "../../components/internal";

export interface GatewayRequest {
    namespace: string;
    serviceAccount: string;
    /** Listener port at the gateway. */
    port: number;
    /** HTTP Host header (HTTP listeners only). */
    host?: string;
    /** SNI of the connection to the gateway. */
    sni?: string;
}

function valueMatches(pattern: string, value: string | undefined): boolean {
    if (value === undefined) return false;
    if (pattern === "*") return value.length > 0;
    if (pattern.startsWith("*")) return value.endsWith(pattern.slice(1));
    if (pattern.endsWith("*")) return value.startsWith(pattern.slice(0, -1));
    return pattern === value;
}

function ruleMatches(rule: any, r: GatewayRequest): boolean {
    const principal = `cluster.local/ns/${r.namespace}/sa/${r.serviceAccount}`;
    const fromOk = !rule.from || rule.from.some((f: any) =>
        (!f.source.namespaces || f.source.namespaces.some((n: string) => valueMatches(n, r.namespace))) &&
        (!f.source.principals || f.source.principals.some((p: string) => valueMatches(p, principal))));
    const toOk = !rule.to || rule.to.some((t: any) =>
        (!t.operation.ports || t.operation.ports.includes(String(r.port))) &&
        (!t.operation.hosts || t.operation.hosts.some((h: string) => valueMatches(h, r.host))));
    const whenOk = !rule.when || rule.when.every((c: any) => c.key !== "connection.sni" || c.values.some((v: string) => valueMatches(v, r.sni)));
    return fromOk && toOk && whenOk;
}

/** Whether the gateway lets the request through, given every generated object. */
export function gatewayAllows(objects: Manifest[], r: GatewayRequest): boolean {
    const allow = objects.filter((o) => o.kind === "AuthorizationPolicy" && o.spec.action === "ALLOW");
    if (allow.length === 0) return true;
    return allow.some((p) => ((p.spec.rules as any[]) ?? []).some((rule) => ruleMatches(rule, r)));
}
