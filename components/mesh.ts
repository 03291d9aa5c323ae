// The ASM instance: arguments of a new `alicloud.servicemesh.ServiceMesh` (docs/design.md, "Where ASM keeps things").
import type * as alicloud from "@pulumi/alicloud";
import type * as pulumi from "@pulumi/pulumi";
import type { EgressSpec, NewMeshSpec } from "./spec";
import { AdoptionError } from "./adoption";

/** The new ASM instance's meshConfig: outbound policy and gateway access logs to Simple Log Service. */
export function meshConfigOf(spec: EgressSpec): { outboundTrafficPolicy: string; accessLog: { enabled: boolean; gatewayEnabled: boolean; gatewayLifecycle?: number; project?: string } } {
    const accessLog = spec.accessLog.enabled
        ? { enabled: true, gatewayEnabled: true, gatewayLifecycle: spec.accessLog.retentionDays, project: spec.accessLog.slsProject }
        : { enabled: false, gatewayEnabled: false };
    // A new mesh has no injected workloads yet, so closing it at creation breaks nothing.
    return { outboundTrafficPolicy: spec.outboundPolicyVia === "meshConfig" ? "REGISTRY_ONLY" : "ALLOW_ANY", accessLog };
}

export function serviceMeshArgs(
    name: string,
    mesh: NewMeshSpec,
    clusterIds: pulumi.Input<pulumi.Input<string>[]>,
    spec: EgressSpec,
): alicloud.servicemesh.ServiceMeshArgs {
    return {
        // The one default the spec cannot apply: it does not know the component's name.
        serviceMeshName: mesh.name ?? name,
        edition: mesh.edition,
        clusterSpec: mesh.clusterSpec,
        version: mesh.version,
        clusterIds,
        force: mesh.force,
        network: { vpcId: mesh.vpcId, vswitcheList: mesh.vswitchId, securityGroupId: mesh.securityGroupId },
        loadBalancer: { apiServerPublicEip: mesh.apiServerPublicEip, pilotPublicEip: false },
        meshConfig: meshConfigOf(spec),
    };
}

/** The kubeconfig of an adopted mesh from `getServiceMeshes` results, or a clear error. */
export function adoptedMeshKubeconfig(component: string, meshId: string, meshes: { id: string; kubeConfig: string }[]): string {
    const mesh = meshes.find((m) => m.id === meshId) ?? meshes[0];
    if (!mesh) throw new AdoptionError(`MeshEgress "${component}": ASM instance "${meshId}" was not found in this region; check meshId and the alicloud provider's region`);
    if (!mesh.kubeConfig) throw new AdoptionError(`MeshEgress "${component}": ASM instance "${meshId}" returned no kubeconfig; check that the credentials may read it`);
    return mesh.kubeConfig;
}

/** The VPC of an adopted mesh from `getServiceMeshes` results (enableDetails), or a clear error. */
export function adoptedMeshVpcId(component: string, meshId: string, meshes: { id: string; networks: { vpcId: string }[] }[]): string {
    const vpcId = meshes.find((m) => m.id === meshId)?.networks[0]?.vpcId;
    if (!vpcId) throw new AdoptionError(`MeshEgress "${component}": the VPC of ASM instance "${meshId}" is not known; give egressIp.vpcId or egressIp.natGatewayId`);
    return vpcId;
}
