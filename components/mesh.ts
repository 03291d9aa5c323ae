// The ASM instance: arguments of a new `alicloud.servicemesh.ServiceMesh` (DOMAIN.md section 1).
import type * as alicloud from "@pulumi/alicloud";
import type * as pulumi from "@pulumi/pulumi";
import type { NewMeshArgs } from "./args";
import type { EgressSpec } from "./spec";

export const DEFAULT_MESH_TIMEOUT_MINUTES = 60;

export function serviceMeshArgs(
    name: string,
    mesh: NewMeshArgs,
    clusterIds: pulumi.Input<pulumi.Input<string>[]>,
    spec: EgressSpec,
): alicloud.servicemesh.ServiceMeshArgs {
    const accessLog = spec.accessLog.enabled
        ? { enabled: true, gatewayEnabled: true, gatewayLifecycle: spec.accessLog.retentionDays, project: spec.accessLog.slsProject }
        : { enabled: false, gatewayEnabled: false };
    return {
        serviceMeshName: mesh.name ?? name,
        edition: mesh.edition ?? "Pro",
        clusterSpec: mesh.clusterSpec,
        version: mesh.version,
        clusterIds,
        force: mesh.force ?? false,
        network: { vpcId: mesh.vpcId, vswitcheList: mesh.vswitchId, securityGroupId: mesh.securityGroupId },
        loadBalancer: { apiServerPublicEip: mesh.apiServerPublicEip ?? false, pilotPublicEip: false },
        meshConfig: {
            // A new mesh has no injected workloads yet, so closing it at creation breaks nothing.
            outboundTrafficPolicy: spec.outboundPolicyVia === "meshConfig" ? "REGISTRY_ONLY" : "ALLOW_ANY",
            accessLog,
        },
    };
}
