// `mesh-egress simulate` as text: one line per call, what it reached at each hop and the verdict.
import { DEFAULT_SERVICE_ACCOUNT, Simulation } from "./simulate";
import type { SimulatedResult } from "./simulatorWire";
import type { CallVerdict } from "./verdict";

/** Where a call ended; at the gateway (`originated`), with the TLS the cluster originates to the server. */
function reachedText(r: SimulatedResult | undefined, originated = false): string {
    if (!r) return "(not simulated)";
    if (originated && r.cluster && r.clusterTls?.sni) {
        const names = r.clusterTls.subjectAltNames?.length ? r.clusterTls.subjectAltNames.join(", ") : "ANY NAME";
        return `${r.cluster} (TLS, SNI ${r.clusterTls.sni}, CA ${r.clusterTls.caSource || "NONE"}, certificate for ${names})`;
    }
    if (r.cluster) return r.cluster;
    if (r.route || r.virtualHost) return `${r.route || r.virtualHost} (no cluster)`;
    return r.error ? `(${r.error})` : "(nothing)";
}

/** One line per call: `FROM ns  host:port/proto  sidecar -> <cluster>  gateway -> <cluster>  ok|WRONG`. */
export function formatVerdicts(calls: CallVerdict[], results: SimulatedResult[], simulation: Simulation): string[] {
    const byId = new Map(results.map((r) => [r.id, r]));
    return calls.map((v, i) => {
        const planned = simulation.calls[i];
        const log = v.logged === undefined ? "" : v.logged === null ? ", log filter not understood" : v.logged ? ", logged" : ", not logged";
        const side = planned.sidecar ? `sidecar -> ${reachedText(byId.get(planned.sidecar.id))}${log}` : "straight to the gateway";
        const access = v.gateway ? `, ${v.gateway.authorized ? "authorized" : "refused"} (${v.gateway.policy})` : "";
        const gw = planned.gateway ? `  gateway -> ${reachedText(byId.get(planned.gateway.id), true)}${access}` : "";
        const verdict = v.ok ? "ok" : `WRONG (expected ${v.expected})`;
        const who = v.caller.serviceAccount === DEFAULT_SERVICE_ACCOUNT ? v.from : `${v.from} as ${v.caller.serviceAccount}`;
        return `FROM ${who}  ${v.host}:${v.port}/${v.protocol}  ${side}${gw}  ${verdict}`;
    });
}
