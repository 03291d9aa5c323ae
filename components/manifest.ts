// The plain shape of a Kubernetes object as the builders produce it.
import { MANAGED_BY_LABELS, MESH_NAMESPACE } from "./naming";

export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: Record<string, unknown>;
}

export function istioManifest(apiVersion: string, kind: string, name: string, spec: Record<string, unknown>, namespace = MESH_NAMESPACE): Manifest {
    return { apiVersion, kind, metadata: { name, namespace, labels: { ...MANAGED_BY_LABELS } }, spec };
}

/** `kind/namespace/name`, the way the objects are listed in outputs and plans. */
export function manifestId(m: Manifest): string {
    return `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`;
}
