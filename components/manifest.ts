// The plain shape of a Kubernetes object as the builders produce it.
import type { MeshKindSpecs } from "./istioTypes";
import { MANAGED_BY_LABELS, MESH_NAMESPACE } from "./naming";

export interface Manifest {
    apiVersion: string;
    kind: string;
    /** `namespace` is absent only on cluster-scoped objects (the policy's Namespace). */
    metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
}

/** A mesh object whose spec the compiler checks against its kind's type (istioTypes.ts). */
export function istioManifest<K extends keyof MeshKindSpecs>(apiVersion: string, kind: K, name: string, spec: MeshKindSpecs[K], namespace = MESH_NAMESPACE): Manifest {
    return { apiVersion, kind, metadata: { name, namespace, labels: { ...MANAGED_BY_LABELS } }, spec: spec as Record<string, unknown> };
}

/** `kind/namespace/name` (`kind/name` when cluster-scoped), the way objects are listed in outputs and plans. */
export function manifestId(m: Manifest): string {
    return `${m.kind}/${qualifiedName(m)}`;
}

/** `namespace/name`, or `name` for a cluster-scoped object. */
export function qualifiedName(m: Manifest): string {
    return m.metadata.namespace === undefined ? m.metadata.name : `${m.metadata.namespace}/${m.metadata.name}`;
}
