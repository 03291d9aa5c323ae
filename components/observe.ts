// Observe before locking: Telemetry that makes the sidecars log only what they send to Istio's
// PassthroughCluster, the calls REGISTRY_ONLY would block. Registered traffic adds no log volume.
import type { TelemetrySpec } from "./istioTypes";
import { Manifest, istioManifest } from "./manifest";
import { MESH_NAMESPACE, objectName } from "./naming";
import type { EgressSpec } from "./spec";

/** The cluster Envoy sends a call to when no ServiceEntry or Service registers its destination. */
export const PASSTHROUGH_CLUSTER = "PassthroughCluster";

/** The CEL filter on the upstream cluster (Envoy's `xds.cluster_name`, Istio >= 1.17). */
export const PASSTHROUGH_LOG_FILTER = `xds.cluster_name == '${PASSTHROUGH_CLUSTER}'`;

function passthroughLogging(provider: string): TelemetrySpec {
    return {
        accessLogging: [
            {
                providers: [{ name: provider }],
                // Only the outbound side: inbound calls never reach PassthroughCluster.
                match: { mode: "CLIENT" },
                filter: { expression: PASSTHROUGH_LOG_FILTER },
            },
        ],
    };
}

/**
 * One Telemetry per observed namespace, or one in the root namespace for every namespace. A
 * namespace-wide Telemetry replaces the mesh's own access-log setting for its sidecars.
 */
export function observeTelemetries(spec: EgressSpec): { namespace: string; manifest: Manifest }[] {
    if (!spec.observe) return [];
    const namespaces = spec.observe.namespaces ?? [MESH_NAMESPACE];
    return namespaces.map((namespace) => ({
        namespace,
        manifest: istioManifest("telemetry.istio.io/v1alpha1", "Telemetry", objectName(spec.gateway, "observe-passthrough"), passthroughLogging(spec.observe!.provider), namespace),
    }));
}
