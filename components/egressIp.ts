// A stable egress IP on Alibaba Cloud: the gateway's vSwitches leave through a NAT gateway's SNAT
// entries on dedicated EIPs, and the gateway pods run only on the nodes of those vSwitches.
// Pure argument builders; the component registers them.
import type * as alicloud from "@pulumi/alicloud";
import type * as pulumi from "@pulumi/pulumi";
import type { EgressIpArgs } from "./args";
import { AdoptionError } from "./adoption";

/** Label (on the nodes) and taint key of the nodes reserved for the gateway. */
export const EGRESS_IP_NODE_KEY = "mesh-egress.io/egress-ip";
export const DEFAULT_EIP_BANDWIDTH = 200;
export const DEFAULT_NODE_POOL_SIZE = 2;

/**
 * Where the SNAT entries go: a NAT gateway the component creates (in the adopted mesh's VPC when
 * `vpcId` is undefined), or an existing one.
 */
export type NatGatewaySource = { create: { vpcId?: pulumi.Input<string>; vswitchId: pulumi.Input<string> } } | { existing: pulumi.Input<string> };

export interface EgressIpSpec {
    vswitchIds: pulumi.Input<string>[];
    natGateway: NatGatewaySource;
    eips: { create: number; bandwidth: number } | { adopt: pulumi.Input<string>[] };
    nodeSelector: Record<string, string>;
    tolerations: unknown[];
    nodePool?: { clusterId?: pulumi.Input<string>; instanceTypes: pulumi.Input<string>[]; size: number; name?: string; systemDiskCategory: string };
}

/** Validated `egressIp` with its defaults; `gatewayName` is the value of the reserved nodes' label and taint. */
export function egressIpSpec(e: EgressIpArgs, gatewayName: string, newMeshVpcId: pulumi.Input<string> | undefined): EgressIpSpec {
    const natGateway: NatGatewaySource =
        e.natGatewayId !== undefined ? { existing: e.natGatewayId } : { create: { vpcId: e.vpcId ?? newMeshVpcId, vswitchId: e.natGatewayVswitchId ?? e.vswitchIds[0] } };
    return {
        vswitchIds: [...e.vswitchIds],
        natGateway,
        eips: e.eipIds ? { adopt: [...e.eipIds] } : { create: e.eipCount ?? 1, bandwidth: e.eipBandwidth ?? DEFAULT_EIP_BANDWIDTH },
        nodeSelector: e.nodeSelector ?? { [EGRESS_IP_NODE_KEY]: gatewayName },
        tolerations: e.tolerations ?? [{ key: EGRESS_IP_NODE_KEY, operator: "Equal", value: gatewayName, effect: "NoSchedule" }],
        nodePool: e.nodePool && {
            clusterId: e.nodePool.clusterId,
            instanceTypes: [...e.nodePool.instanceTypes],
            size: e.nodePool.size ?? DEFAULT_NODE_POOL_SIZE,
            name: e.nodePool.name,
            systemDiskCategory: e.nodePool.systemDiskCategory ?? "cloud_essd",
        },
    };
}

/** An enhanced, pay-as-you-go internet NAT gateway whose EIPs are bound in NAT mode. */
export function natGatewayArgs(name: string, create: { vpcId: pulumi.Input<string>; vswitchId: pulumi.Input<string> }): alicloud.vpc.NatGatewayArgs {
    return {
        natGatewayName: `${name}-egress`,
        vpcId: create.vpcId,
        vswitchId: create.vswitchId,
        natType: "Enhanced",
        networkType: "internet",
        paymentType: "PayAsYouGo",
        internetChargeType: "PayByLcu",
        eipBindMode: "NAT",
        description: `Stable egress IP of MeshEgress ${name}`,
    };
}

export function eipAddressArgs(name: string, index: number, bandwidth: number): alicloud.ecs.EipAddressArgs {
    return {
        addressName: `${name}-egress-${index}`,
        bandwidth: String(bandwidth),
        internetChargeType: "PayByTraffic",
        paymentType: "PayAsYouGo",
        description: `Stable egress IP of MeshEgress ${name}`,
    };
}

export function eipAssociationArgs(allocationId: pulumi.Input<string>, natGatewayId: pulumi.Input<string>): alicloud.ecs.EipAssociationArgs {
    return { allocationId, instanceId: natGatewayId, instanceType: "Nat" };
}

/**
 * One SNAT entry per vSwitch. `sourceVswitchId`, never `sourceCidr`: the provider writes both into
 * one field, so giving a CIDR for a vSwitch's traffic forces a replacement on every run.
 */
export function snatEntryArgs(name: string, index: number, snatTableId: pulumi.Input<string>, vswitchId: pulumi.Input<string>, snatIp: pulumi.Input<string>): alicloud.vpc.SnatEntryArgs {
    return { snatTableId, sourceVswitchId: vswitchId, snatIp, snatEntryName: `${name}-egress-${index}` };
}

/**
 * The reserved node pool: labelled with the gateway's node selector, and tainted with what the
 * gateway's tolerations admit, so the gateway runs there and nothing else is scheduled there.
 */
export function nodePoolArgs(name: string, spec: EgressIpSpec, clusterId: pulumi.Input<string>): alicloud.cs.NodePoolArgs {
    const pool = spec.nodePool!;
    // Validation makes every toleration an object with a key and an effect when a pool is created.
    const taints = (spec.tolerations as { key: pulumi.Input<string>; value?: pulumi.Input<string>; effect: pulumi.Input<string> }[]).map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
    return {
        clusterId,
        nodePoolName: pool.name ?? `${name}-egress`,
        vswitchIds: spec.vswitchIds,
        instanceTypes: pool.instanceTypes,
        desiredSize: String(pool.size),
        systemDiskCategory: pool.systemDiskCategory,
        labels: Object.entries(spec.nodeSelector).map(([key, value]) => ({ key, value })),
        taints,
    };
}

/** The SNAT table of an existing NAT gateway from `getNatGateways` results, or a clear error. */
export function adoptedSnatTable(component: string, natGatewayId: string, gateways: { id: string; natType: string; snatTableIds: string[] }[]): string {
    const gateway = gateways.find((g) => g.id === natGatewayId);
    if (!gateway) throw new AdoptionError(`MeshEgress "${component}": NAT gateway "${natGatewayId}" was not found in this region; check egressIp.natGatewayId and the alicloud provider's region`);
    if (gateway.natType !== "Enhanced") throw new AdoptionError(`MeshEgress "${component}": NAT gateway "${natGatewayId}" is ${gateway.natType}; SNAT by vSwitch needs an enhanced NAT gateway`);
    return gateway.snatTableIds[0];
}

/** The addresses of adopted EIPs from `getEipAddresses` results, in the order given, or a clear error. */
export function adoptedEipAddresses(component: string, eipIds: string[], found: { id: string; ipAddress: string }[]): string[] {
    return eipIds.map((id) => {
        const eip = found.find((a) => a.id === id);
        if (!eip) throw new AdoptionError(`MeshEgress "${component}": EIP "${id}" was not found in this region; check egressIp.eipIds`);
        return eip.ipAddress;
    });
}
