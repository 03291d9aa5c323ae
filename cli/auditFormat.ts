// The audit as a reader wants it: what would break, what is already covered, and the entries to
// paste; and the one-paragraph verdict `plan --logs` prints.
import { stringify } from "yaml";
import type { EgressSpec } from "../components/spec";
import type { AuditReport, AuditSource, WouldBlock } from "./audit";

/** `host:port`, bracketing an IPv6 address. */
function hostPort(host: string, port: number): string {
    return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

function sourceText(s: AuditSource): string {
    const who = s.namespace && s.pod ? `${s.namespace}/${s.pod}` : (s.namespace ?? (s.pod ? `pod ${s.pod}` : "unknown source"));
    return `${who} (${s.calls})`;
}

function seenText(w: WouldBlock): string {
    if (!w.firstSeen) return "time not logged";
    return w.firstSeen === w.lastSeen ? `at ${w.firstSeen}` : `${w.firstSeen} .. ${w.lastSeen}`;
}

/** What the switch means under this config: mesh-wide, or only in the namespaces it locks. */
function switchText(spec: EgressSpec): string {
    if (spec.outboundTrafficPolicy === "ALLOW_ANY") return "switching to REGISTRY_ONLY";
    return spec.registryOnlyNamespaces ? `REGISTRY_ONLY in ${spec.registryOnlyNamespaces.join(", ")}` : "REGISTRY_ONLY";
}

function linesText(report: AuditReport): string {
    const skipped = report.firstSkipped ? ` (first: ${report.firstSkipped.source}:${report.firstSkipped.line}: ${report.firstSkipped.reason})` : "";
    return `${plural(report.linesRead, "line")} read, ${report.linesSkipped} skipped${skipped}`;
}

/** The full text of `mesh-egress audit`. */
export function formatAudit(report: AuditReport, spec: EgressSpec, logs: string, config: string): string {
    const out = [`${logs}: ${linesText(report)}`];
    if (report.wouldBlock.length === 0) {
        out.push(`${switchText(spec)} would block nothing seen in these logs.`);
    } else {
        out.push(`${switchText(spec)} would block ${plural(report.wouldBlock.length, "destination")} these logs show leaving by PassthroughCluster:`);
        for (const w of report.wouldBlock) {
            out.push(`  ${hostPort(w.host, w.port)} ${w.protocol}  ${plural(w.calls, "call")}  ${seenText(w)}  from ${w.sources.map(sourceText).join(", ")}`);
            if (w.coveredOnOtherPorts) out.push(`    service "${w.declaredBy}" already declares ${w.host} on other ports; its entry below adds port ${w.port}`);
            else if (w.declaredBy) out.push(`    service "${w.declaredBy}" declares ${w.host}:${w.port} but its exportTo hides it from the callers' namespace; its entry below exports it there`);
        }
    }
    if (report.unlockedCalls > 0) out.push(`${plural(report.unlockedCalls, "passthrough call")} from namespaces the config does not lock ${report.unlockedCalls === 1 ? "stays" : "stay"} allowed.`);
    if (report.registered.length) {
        out.push("Already registered by the config:");
        for (const r of report.registered) out.push(`  ${hostPort(r.host, r.port)}  ${plural(r.calls, "call")}  (service ${r.service})`);
    }
    if (report.suggestedServices.length) {
        out.push(`Services that allow them (paste under services: in ${config}; an entry named like an existing one replaces it; rename at will):`);
        out.push(...stringify(report.suggestedServices).trimEnd().split("\n").map((l) => `  ${l}`));
    }
    if (report.suggestionProblems.length) {
        out.push("Pasted as they are (paths into the config with them pasted), these entries would still be refused; decide how the service should be reached:");
        out.push(...report.suggestionProblems.map((p) => `  - ${p.path}: ${p.message}`));
    }
    return `${out.join("\n")}\n`;
}

/** The verdict `plan --logs` adds: what the switch this config makes would block. */
export function auditVerdict(report: AuditReport, spec: EgressSpec, logs: string): string {
    const lines = [`Audit of ${logs} (${linesText(report)}):`];
    if (report.wouldBlock.length === 0) {
        lines.push(`  ${switchText(spec)} blocks nothing seen.`);
    } else {
        lines.push(`  ${switchText(spec)} blocks ${plural(report.wouldBlock.length, "destination")} seen: ${report.wouldBlock.map((w) => `${hostPort(w.host, w.port)} (${plural(w.calls, "call")})`).join(", ")}`);
        lines.push("  run mesh-egress audit for the services that allow them");
    }
    return `${lines.join("\n")}\n`;
}
