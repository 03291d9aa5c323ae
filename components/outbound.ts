// What closes the mesh: REGISTRY_ONLY Sidecars (mesh-wide or per namespace) and, on the data
// plane, NetworkPolicies that stop applications from skipping their sidecar.
import type { Listener } from "./listeners";
import { Manifest, istioManifest } from "./manifest";
import { MANAGED_BY_LABELS, MESH_NAMESPACE, objectName } from "./naming";

import type { GatewaySpec } from "./spec";

// A selector-less Sidecar is its namespace's default (in the root namespace: the mesh's).
// Egress hosts "*/*" keep every host visible; only the outbound policy changes.
export function registryOnlySidecar(gateway: GatewaySpec, namespace: string = MESH_NAMESPACE): Manifest {
    return istioManifest("networking.istio.io/v1beta1", "Sidecar", objectName(gateway, "registry-only"), {
        outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
        egress: [{ hosts: ["*/*"] }],
    }, namespace);
}

function namespaceSelector(name: string): { matchLabels: Record<string, string> } {
    return { matchLabels: { "kubernetes.io/metadata.name": name } };
}

/** Pods of `namespace` may reach the gateway, cluster DNS, pods of the cluster and `allowedCidrs`. */
export function bypassNetworkPolicy(gateway: GatewaySpec, listeners: Listener[], namespace: string, allowedCidrs: string[]): Manifest {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: objectName(gateway, "egress-only"), namespace, labels: { ...MANAGED_BY_LABELS } },
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ namespaceSelector: namespaceSelector(MESH_NAMESPACE), podSelector: { matchLabels: gateway.selector } }],
                    ports: [...listeners].sort((a, b) => a.port - b.port).map((l) => ({ protocol: "TCP", port: l.port })),
                },
                {
                    to: [{ namespaceSelector: namespaceSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                },
                // In-cluster traffic stays with the mesh (sidecars, mTLS); only external exits are closed.
                { to: [{ namespaceSelector: {} }] },
                { to: allowedCidrs.map((cidr) => ({ ipBlock: { cidr } })) },
            ],
        },
    };
}
