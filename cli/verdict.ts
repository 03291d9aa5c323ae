// The verdict of `mesh-egress simulate`: whether each call met what the plan expects of it, read
// from what Istio's generator and simulation report (cli/simulatorWire.ts).
import { AUDIT_LOG_FIELDS } from "./accessLog";
import { logWrites } from "./logFilter";
import { RbacDecision, evaluateRbac } from "./rbac";
import { BLACKHOLE, Caller, Expectation, PASSTHROUGH, PlannedCall, Simulation, principalOf } from "./simulate";
import type { OriginatedTls, SimulatedResult } from "./simulatorWire";

/** Whether an originating cluster verifies the server: a CA, and exactly the expected names. */
function checksIdentity(tls: OriginatedTls | undefined, expected: string[] | undefined): boolean {
    if (expected === undefined) return true;
    const names = [...(tls?.subjectAltNames ?? [])].sort();
    return !!tls?.caSource && names.length > 0 && names.join("\n") === [...expected].sort().join("\n");
}

/** Whether a result meets an expectation. */
export function meets(result: SimulatedResult | undefined, expect: Expectation): boolean {
    if (!result) return false;
    const reached = result.cluster ?? "";
    switch (expect.kind) {
        case "cluster":
            return !result.error && reached === expect.cluster && (expect.sni === undefined || result.clusterTls?.sni === expect.sni) && checksIdentity(result.clusterTls, expect.subjectAltNames);
        case "blocked":
            // Envoy answers itself (block_all: 502), drops (BlackHoleCluster), or nothing matches.
            return reached === "" || reached === BLACKHOLE;
        case "passthrough":
            return reached === PASSTHROUGH;
        case "gatewayOrBlocked":
            return reached === "" || reached === BLACKHOLE || expect.gatewayHosts.some((h) => reached.endsWith(`|${h}`)) || (expect.passthrough && reached === PASSTHROUGH);
    }
}

export function describeExpectation(e: Expectation): string {
    switch (e.kind) {
        case "cluster":
            if (!e.sni) return e.cluster;
            return e.subjectAltNames ? `${e.cluster} (TLS, SNI ${e.sni}, certificate for ${e.subjectAltNames.join(", ")})` : `${e.cluster} (TLS, SNI ${e.sni})`;
        case "blocked":
            return "blocked";
        case "passthrough":
            return PASSTHROUGH;
        case "gatewayOrBlocked":
            return `the gateway or blocked${e.passthrough ? ` (or ${PASSTHROUGH})` : ""}`;
    }
}

export interface CallVerdict {
    what: PlannedCall["what"];
    from: string;
    host: string;
    port: number;
    protocol: string;
    /** Null for a call straight to the gateway. */
    sidecar: { listener?: string; route?: string; cluster?: string; error?: string } | null;
    caller: Caller;
    gateway: { cluster?: string; sni?: string; caSource?: string; subjectAltNames?: string[]; error?: string; authorized: boolean; policy: string } | null;
    /** From an observed namespace: whether the sidecar writes an access log the audit can read (null: a filter it cannot evaluate). */
    logged?: boolean | null;
    expected: string;
    ok: boolean;
}

/** Istio's RBAC filters on the gateway's matched filter chain, evaluated for the call's caller. */
function authorizeAtGateway(c: PlannedCall, result: SimulatedResult | undefined): RbacDecision {
    const call = c.gateway!;
    const principal = call.tls === "mtls" ? principalOf(c.caller) : undefined;
    return evaluateRbac(result?.rbac ?? [], { principal, sni: call.sni, host: call.protocol === "http" ? call.host : undefined, port: call.port });
}

/**
 * Whether the sidecar writes the call to a log the audit can read: a log whose filters pass for
 * the cluster reached and whose JSON format has every field the audit reads. Null when a filter
 * is beyond what logFilter.ts evaluates.
 */
export function auditLogged(result: SimulatedResult | undefined): boolean | null {
    let logged = false;
    for (const log of result?.accessLogs ?? []) {
        const writes = logWrites(log.filters, { clusterName: result?.cluster ?? "" });
        if (writes === undefined) return null;
        if (writes && AUDIT_LOG_FIELDS.every((f) => log.jsonFields.includes(f))) logged = true;
    }
    return logged;
}

/** Judges every planned call against the simulator's results. */
export function judge(simulation: Simulation, results: SimulatedResult[]): { calls: CallVerdict[]; ok: boolean } {
    const byId = new Map(results.map((r) => [r.id, r]));
    const calls = simulation.calls.map((c): CallVerdict => {
        const side = c.sidecar ? byId.get(c.sidecar.id) : undefined;
        const gw = c.gateway ? byId.get(c.gateway.id) : undefined;
        const decision = c.gateway ? authorizeAtGateway(c, gw) : undefined;
        const logged = c.observed ? auditLogged(side) : undefined;
        // Observing logs what passes through, and only that.
        const logOk = !c.observed || logged === (side?.cluster === PASSTHROUGH);
        const sidecarOk = !c.sidecar || (meets(side, c.expectSidecar!) && logOk);
        const ok = sidecarOk && (!c.gateway || (meets(gw, c.expectGateway!) && decision!.authorized === c.expectAuthorized));
        const first = c.sidecar ? `${describeExpectation(c.expectSidecar!)}${c.observed ? ", logged only if passed through" : ""}` : "straight to the gateway";
        const expected = c.gateway ? `${first} then ${describeExpectation(c.expectGateway!)}, ${c.expectAuthorized ? "authorized" : "refused"}` : first;
        return {
            what: c.what,
            from: c.from,
            caller: c.caller,
            host: c.host,
            port: c.port,
            protocol: c.protocol,
            sidecar: c.sidecar ? { listener: side?.listener, route: side?.route || side?.virtualHost, cluster: side?.cluster, error: side?.error } : null,
            gateway: c.gateway ? { cluster: gw?.cluster, sni: gw?.clusterTls?.sni, caSource: gw?.clusterTls?.caSource, subjectAltNames: gw?.clusterTls?.subjectAltNames, error: gw?.error, ...decision! } : null,
            ...(c.observed ? { logged } : {}),
            expected,
            ok,
        };
    });
    return { calls, ok: calls.every((c) => c.ok) };
}
