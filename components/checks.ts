// The preview-time self-check: every generated object against Istio's schemas and the
// analyzer checks. Input validation should make this pass; a finding here is a bug.
import { Finding, analyzeObjects } from "./analyze";
import type { EgressPlan } from "./plan";
import { schemaFindings } from "./objectSchemas";

export function planFindings(plan: EgressPlan): Finding[] {
    // Stryker disable next-line ConditionalExpression,MethodExpression: the data-plane objects are NetworkPolicies, which neither check reads.
    const mesh = plan.objects.filter((o) => o.cluster === "mesh").map((o) => o.manifest);
    return [...schemaFindings(mesh), ...analyzeObjects(mesh)];
}

export function formatFindings(findings: Finding[]): string[] {
    return findings.map((f) => `${f.code} ${f.object}: ${f.message}`);
}

/** Thrown when generated objects would fail Istio's checks; nothing is registered. */
export class GeneratedObjectsError extends Error {
    constructor(
        subject: string,
        /** Every object Istio's checks would reject, and why. */
        readonly findings: Finding[],
    ) {
        super([`${subject} would generate objects that Istio rejects (please report this as a mesh-egress bug):`, ...formatFindings(findings).map((l) => `  - ${l}`)].join("\n"));
        this.name = "GeneratedObjectsError";
    }
}

export function assertPlanClean(plan: EgressPlan, subject: string): void {
    const findings = planFindings(plan);
    if (findings.length > 0) throw new GeneratedObjectsError(subject, findings);
}
