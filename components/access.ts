// Who may leave through the gateway (AuthorizationPolicy on the gateway pods) and what the
// gateway records (Telemetry access logs).
import type { AllowFromArgs } from "./args";
import type { AuthorizationOperation, AuthorizationRule, AuthorizationSource } from "./istioTypes";
import { Manifest, istioManifest } from "./manifest";
import { objectName } from "./naming";
import { RoutingContext, exitListener } from "./routing";
import type { ServiceSpec } from "./spec";
import type { ListenerFamily } from "./traffic";
import { TRAFFIC_RULES } from "./traffic";

function sources(allowFrom: AllowFromArgs[]): AuthorizationSource[] {
    const namespaces = allowFrom.filter((a) => !a.serviceAccount).map((a) => a.namespace);
    // Principals are `<trust domain>/ns/<ns>/sa/<sa>`; the suffix match works in any trust domain.
    const principals = allowFrom.filter((a) => a.serviceAccount).map((a) => `*/ns/${a.namespace}/sa/${a.serviceAccount}`);
    const from: AuthorizationSource[] = [];
    if (namespaces.length) from.push({ source: { namespaces } });
    if (principals.length) from.push({ source: { principals } });
    return from;
}

/**
 * HTTP is matched on the Host header (with or without a port); the others on port, and where the
 * listener is shared by SNI (TLS, and TCP under mutual TLS) also on the SNI.
 */
function ruleFor(family: ListenerFamily, hosts: string[], ports: number[], from: AuthorizationSource[]): AuthorizationRule {
    const operation: AuthorizationOperation = { ports: ports.map(String) };
    const rule: AuthorizationRule = {};
    if (from.length) rule.from = from;
    if (family === "http") operation.hosts = hosts.flatMap((h) => (h.startsWith("*") ? [h] : [h, `${h}:*`]));
    rule.to = [{ operation }];
    if (family === "tls") rule.when = [{ key: "connection.sni", values: hosts }];
    return rule;
}

/**
 * ALLOW policy for one service's exits. Once any ALLOW policy selects the gateway, Istio denies
 * every request no policy allows; services without a source list get a rule with no `from`.
 */
export function authorizationPolicy(ctx: RoutingContext, service: ServiceSpec): Manifest {
    const from = service.allowFrom ? sources(service.allowFrom) : [];
    const byFamily = new Map<ListenerFamily, Set<number>>();
    for (const p of service.ports) {
        const family = TRAFFIC_RULES[p.kind].family(ctx.gateway.mutualTls);
        const set = byFamily.get(family) ?? new Set<number>();
        set.add(exitListener(ctx, service, p).port);
        byFamily.set(family, set);
    }
    const rules = [...byFamily.entries()].map(([family, ports]) => ruleFor(family, service.hosts, [...ports].sort((a, b) => a - b), from));
    return istioManifest("security.istio.io/v1beta1", "AuthorizationPolicy", objectName(ctx.gateway, "allow", service.name), {
        selector: { matchLabels: ctx.gateway.selector },
        action: "ALLOW",
        rules,
    });
}

export function accessLogTelemetry(ctx: RoutingContext, provider: string): Manifest {
    return istioManifest("telemetry.istio.io/v1alpha1", "Telemetry", objectName(ctx.gateway, "access-log"), {
        selector: { matchLabels: ctx.gateway.selector },
        accessLogging: [{ providers: [{ name: provider }] }],
    });
}
