// Renders a plan as Kubernetes manifests in apply order: the mesh API server's objects, the
// data-plane cluster's objects, and the ASM instance settings (which go through the Alibaba
// Cloud API, so they are a labelled comment, never something kubectl would apply).
import { stringify } from "yaml";
import { type Manifest, qualifiedName } from "../components/manifest";
import { meshConfigOf } from "../components/mesh";
import type { EgressPlan } from "../components/plan";

/**
 * What goes to the ASM instance itself: a new mesh gets the component's meshConfig; an adopted
 * mesh keeps its own settings (the Sidecars below apply the outbound policy).
 */
export function instanceSettings(plan: EgressPlan): Record<string, unknown> {
    const { spec } = plan;
    if (spec.meshMode === "new") {
        const scoped = spec.outboundPolicyVia === "sidecar" ? "; REGISTRY_ONLY is applied by the Sidecar objects below, after every route" : "";
        return { ...meshConfigOf(spec), note: `set on the new ASM instance (meshConfig) by the Pulumi component${scoped}` };
    }
    const note = spec.outboundPolicyVia === "sidecar" ? "applied by the Sidecar objects below, after every route; leave the instance's own policy unchanged" : "ALLOW_ANY: nothing closes the mesh";
    return { outboundTrafficPolicy: "unchanged", note };
}

export function manifestYaml(m: Manifest): string {
    return stringify(m, { lineWidth: 0 });
}

function comment(text: string): string {
    return text
        .trimEnd()
        .split("\n")
        .map((l) => (l ? `# ${l}` : "#"))
        .join("\n");
}

export interface RenderedFile {
    path: string;
    content: string;
}

function meshObjects(plan: EgressPlan): Manifest[] {
    return plan.objects.filter((o) => o.cluster === "mesh").map((o) => o.manifest);
}

function dataPlaneObjects(plan: EgressPlan): Manifest[] {
    return plan.objects.filter((o) => o.cluster === "dataPlane").map((o) => o.manifest);
}

function settingsText(plan: EgressPlan): string {
    return comment(`ASM instance settings (Alibaba Cloud API or console, not kubectl):\n${stringify({ meshConfig: instanceSettings(plan) }, { lineWidth: 0 })}`);
}

/** One multi-document YAML: mesh objects in apply order, then the data-plane section. */
export function renderYaml(plan: EgressPlan, source: string): string {
    const header = [
        comment(`Rendered by mesh-egress from ${source}.\nApply to the mesh (ASM) API server, in this order: kubectl --kubeconfig <asm-kubeconfig> apply -f <this file>`),
        settingsText(plan),
    ].join("\n");
    // Comments ride on the first document of their section, so kubectl and YAML parsers keep them.
    const mesh = meshObjects(plan).map(manifestYaml);
    const docs = [`${header}\n${mesh[0]}`, ...mesh.slice(1)];
    const dataPlane = dataPlaneObjects(plan).map(manifestYaml);
    if (dataPlane.length) {
        const note = comment("Data-plane (ACK) cluster objects: apply with the ACK cluster's kubeconfig, after the mesh objects above.");
        docs.push(`${note}\n${dataPlane[0]}`, ...dataPlane.slice(1));
    }
    return docs.join("---\n");
}

/** One file per object, numbered in apply order; data-plane objects in `data-plane/`. */
export function renderFiles(plan: EgressPlan): RenderedFile[] {
    const width = String(plan.objects.length).length;
    const files: RenderedFile[] = [];
    plan.objects.forEach((o, i) => {
        const file = `${String(i + 1).padStart(width, "0")}-${o.manifest.kind.toLowerCase()}-${qualifiedName(o.manifest).replace("/", "-")}.yaml`;
        files.push({ path: o.cluster === "mesh" ? file : `data-plane/${file}`, content: manifestYaml(o.manifest) });
    });
    // Not .yaml: `kubectl apply -f <dir>` must not pick it up.
    files.push({ path: "asm-instance-settings.txt", content: `${settingsText(plan)}\n` });
    return files;
}
