// Reading the engine's events against plans: which objects each run created, updated or
// deleted, in what order, and whether the API server holds what render prints.
import * as assert from "assert";
import { isDeepStrictEqual } from "util";
import { EgressPlan, Manifest, manifestId } from "../../components/internal";
import { COMPONENT } from "./engine";
import { Run, Step } from "./stack";

/** Plan object id of a Kubernetes resource step (`egress-<id>`), or undefined for others. */
export function objectId(step: Step): string | undefined {
    if (!step.type.startsWith("kubernetes:") || step.type.startsWith("pulumi:providers:")) return undefined;
    return step.name.slice(COMPONENT.length + 1);
}

/** Object ids per operation, from the steps' start events. */
export function objectOps(run: Run): Record<string, string[]> {
    const ops: Record<string, string[]> = {};
    for (const step of run.steps) {
        const id = objectId(step);
        if (step.phase !== "pre" || !id) continue;
        (ops[step.op] ??= []).push(id);
    }
    for (const ids of Object.values(ops)) ids.sort();
    return ops;
}

/** What the engine must do to go from one plan to the next, object by object. */
export function expectedOps(before: EgressPlan | undefined, after: EgressPlan): Record<string, string[]> {
    const old = new Map((before?.objects ?? []).map((o) => [o.id, o.manifest]));
    const next = new Map(after.objects.map((o) => [o.id, o.manifest]));
    const ops: Record<string, string[]> = {};
    const add = (op: string, id: string) => (ops[op] ??= []).push(id);
    for (const [id, manifest] of next) {
        if (!old.has(id)) add("create", id);
        else add(isDeepStrictEqual(old.get(id), manifest) ? "same" : "update", id);
    }
    for (const id of old.keys()) if (!next.has(id)) add("delete", id);
    for (const ids of Object.values(ops)) ids.sort();
    return ops;
}

export function position(run: Run, phase: Step["phase"], id: string, op?: string): number {
    const i = run.steps.findIndex((s) => s.phase === phase && objectId(s) === id && (op === undefined || s.op === op));
    assert.notStrictEqual(i, -1, `no ${phase} event for ${id}${op ? ` (${op})` : ""}`);
    return i;
}

export const isRoute = (id: string) => id.startsWith("vs-");
export const isRegistryOnly = (id: string) => id === "sidecar" || id.startsWith("sidecar-");

/** Live objects match the rendered ones: custom resources exactly, built-in kinds field by field. */
export function assertLiveEqualsRendered(live: Manifest[], rendered: Manifest[]): void {
    const liveById = new Map(live.map((m) => [manifestId(m), m]));
    assert.deepStrictEqual([...liveById.keys()].sort(), rendered.map(manifestId).sort(), "objects on the API server");
    for (const expected of rendered) {
        const actual = liveById.get(manifestId(expected))!;
        assert.strictEqual(actual.apiVersion, expected.apiVersion, manifestId(expected));
        if (expected.apiVersion.includes(".istio.") || expected.apiVersion.startsWith("istio.")) {
            assert.deepStrictEqual(actual.metadata.labels, expected.metadata.labels, `${manifestId(expected)} labels`);
            assert.deepStrictEqual(actual.spec, expected.spec, `${manifestId(expected)} spec`);
        } else {
            // The API server fills defaults into built-in kinds (NetworkPolicy port protocols, a
            // Namespace's name label and finalizer).
            assertSubset(expected.metadata.labels, actual.metadata.labels, `${manifestId(expected)} labels`);
            assertSubset(expected.spec, actual.spec, `${manifestId(expected)}.spec`);
        }
    }
}

function assertSubset(expected: unknown, actual: unknown, at: string): void {
    if (Array.isArray(expected)) {
        assert.ok(Array.isArray(actual) && actual.length === expected.length, `${at}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
        expected.forEach((e, i) => assertSubset(e, (actual as unknown[])[i], `${at}[${i}]`));
    } else if (expected && typeof expected === "object") {
        assert.ok(actual && typeof actual === "object", `${at}: missing`);
        for (const [k, v] of Object.entries(expected)) assertSubset(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
    } else {
        assert.strictEqual(actual, expected, at);
    }
}
