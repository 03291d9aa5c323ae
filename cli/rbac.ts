// Envoy's RBAC filter semantics over the filters Istio generated (config.rbac.v3.RBAC as JSON):
// who may make a call at the gateway, decided from the gateway's own configuration. Covers the
// principal, permission and string matchers Istio emits; anything else is an error, never a guess.

/** Envoy's StringMatcher. */
export interface StringMatcher {
    exact?: string;
    prefix?: string;
    suffix?: string;
    contains?: string;
    safeRegex?: { regex: string };
    ignoreCase?: boolean;
}

interface HeaderMatcher {
    name: string;
    stringMatch?: StringMatcher;
    exactMatch?: string;
    prefixMatch?: string;
    suffixMatch?: string;
    containsMatch?: string;
    safeRegexMatch?: { regex: string };
    presentMatch?: boolean;
    invertMatch?: boolean;
}

/** A permission or principal node: exactly one of its keys is set. */
type Rule = Record<string, unknown>;

export interface RbacRules {
    /** ALLOW when absent (the enum's zero value is not written). */
    action?: "ALLOW" | "DENY" | "LOG";
    policies?: Record<string, { permissions: Rule[]; principals: Rule[] }>;
}

/** One RBAC filter on the matched filter chain; without rules it enforces nothing. */
export interface RbacFilter {
    layer: "network" | "http";
    rules?: RbacRules;
}

/** What the gateway knows of a call: the peer's mTLS identity, the TLS SNI, the Host, the port. */
export interface RbacRequest {
    /** `spiffe://<trust domain>/ns/<ns>/sa/<sa>`; undefined without mutual TLS. */
    principal?: string;
    sni?: string;
    /** The HTTP `:authority`; undefined for TCP and TLS. */
    host?: string;
    port: number;
}

export interface RbacDecision {
    authorized: boolean;
    /** The policy that decided (`<filter layer>: <policy name>`), or why none did. */
    policy: string;
}

export function matchString(m: StringMatcher, value: string | undefined): boolean {
    if (value === undefined) return false;
    const fold = (s: string) => (m.ignoreCase ? s.toLowerCase() : s);
    const v = fold(value);
    if (m.exact !== undefined) return v === fold(m.exact);
    if (m.prefix !== undefined) return v.startsWith(fold(m.prefix));
    if (m.suffix !== undefined) return v.endsWith(fold(m.suffix));
    if (m.contains !== undefined) return v.includes(fold(m.contains));
    // RE2 full match; Istio's patterns are within what JavaScript's engine reads the same way.
    if (m.safeRegex !== undefined) return new RegExp(`^(?:${m.safeRegex.regex})$`).test(value);
    throw new Error(`unsupported string matcher ${JSON.stringify(m)}`);
}

function headerValue(name: string, request: RbacRequest): string | undefined {
    if (name === ":authority" || name === "host") return request.host;
    return undefined;
}

function matchHeader(h: HeaderMatcher, request: RbacRequest): boolean {
    const value = headerValue(h.name, request);
    let matched: boolean;
    if (h.stringMatch) matched = matchString(h.stringMatch, value);
    else if (h.exactMatch !== undefined) matched = value === h.exactMatch;
    else if (h.prefixMatch !== undefined) matched = value !== undefined && value.startsWith(h.prefixMatch);
    else if (h.suffixMatch !== undefined) matched = value !== undefined && value.endsWith(h.suffixMatch);
    else if (h.containsMatch !== undefined) matched = value !== undefined && value.includes(h.containsMatch);
    else if (h.safeRegexMatch !== undefined) matched = matchString({ safeRegex: h.safeRegexMatch }, value);
    else if (h.presentMatch !== undefined) matched = (value !== undefined) === h.presentMatch;
    else throw new Error(`unsupported header matcher ${JSON.stringify(h)}`);
    return h.invertMatch ? !matched : matched;
}

function one(rule: Rule): [string, unknown] {
    const entries = Object.entries(rule);
    if (entries.length !== 1) throw new Error(`an RBAC rule sets exactly one matcher: ${JSON.stringify(rule)}`);
    return entries[0];
}

export function matchPermission(rule: Rule, request: RbacRequest): boolean {
    const [kind, value] = one(rule);
    const v = value as Record<string, unknown>;
    switch (kind) {
        case "any":
            return value === true;
        case "andRules":
            return (v.rules as Rule[]).every((r) => matchPermission(r, request));
        case "orRules":
            return (v.rules as Rule[]).some((r) => matchPermission(r, request));
        case "notRule":
            return !matchPermission(v, request);
        case "destinationPort":
            return value === request.port;
        case "destinationPortRange":
            return request.port >= (v.start as number) && request.port < (v.end as number);
        case "requestedServerName":
            return matchString(v as StringMatcher, request.sni);
        case "header":
            return matchHeader(v as unknown as HeaderMatcher, request);
        default:
            throw new Error(`unsupported RBAC permission "${kind}"`);
    }
}

export function matchPrincipal(rule: Rule, request: RbacRequest): boolean {
    const [kind, value] = one(rule);
    const v = value as Record<string, unknown>;
    switch (kind) {
        case "any":
            return value === true;
        case "andIds":
            return (v.ids as Rule[]).every((r) => matchPrincipal(r, request));
        case "orIds":
            return (v.ids as Rule[]).some((r) => matchPrincipal(r, request));
        case "notId":
            return !matchPrincipal(v, request);
        case "authenticated":
            // No principal name: any authenticated peer. Envoy matches the URI SAN of the peer certificate.
            if (request.principal === undefined) return false;
            return v.principalName === undefined || matchString(v.principalName as StringMatcher, request.principal);
        case "header":
            return matchHeader(v as unknown as HeaderMatcher, request);
        default:
            throw new Error(`unsupported RBAC principal "${kind}"`);
    }
}

/** The first policy (in name order, as Envoy keeps them) of a filter that matches the request. */
function matchingPolicy(rules: RbacRules, request: RbacRequest): string | undefined {
    const policies = Object.entries(rules.policies ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return policies.find(([, p]) => p.permissions.some((r) => matchPermission(r, request)) && p.principals.some((r) => matchPrincipal(r, request)))?.[0];
}

/**
 * Runs the filters in order, as Envoy does: a DENY filter refuses a request one of its policies
 * matches; an ALLOW filter refuses a request none of its policies matches; LOG decides nothing.
 */
export function evaluateRbac(filters: RbacFilter[], request: RbacRequest): RbacDecision {
    let allowedBy: string | undefined;
    for (const filter of filters) {
        if (!filter.rules) continue;
        // LOG filters match like the others and decide nothing.
        const action = filter.rules.action ?? "ALLOW";
        const matched = matchingPolicy(filter.rules, request);
        if (action === "DENY" && matched) return { authorized: false, policy: `${filter.layer}: ${matched}` };
        if (action === "ALLOW") {
            if (!matched) return { authorized: false, policy: `${filter.layer}: no ALLOW policy matched` };
            allowedBy = `${filter.layer}: ${matched}`;
        }
    }
    return { authorized: true, policy: allowedBy ?? "no RBAC filter decided" };
}
