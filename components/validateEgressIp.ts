// The rules of a stable egress IP: the NAT gateway, the EIPs, and the nodes the gateway runs on.
import { Obj, checkArray, checkEnum, checkFields, checkIdList, checkInt, checkLabels, checkString, isObject, show } from "./inputChecks";
import { isDeferred } from "./inputs";
import { ProblemList } from "./problems";

/** The effects a Kubernetes taint may have (an empty toleration effect, "any", makes no taint). */
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

const EGRESS_IP_FIELDS = ["natGatewayId", "vpcId", "natGatewayVswitchId", "eipCount", "eipBandwidth", "eipIds", "nodeSelector", "tolerations", "nodePool"];

export function checkEgressIp(p: ProblemList, value: unknown, args: Obj, gateway: Obj | undefined): void {
    const e = checkFields(p, "egressIp", value, ["vswitchIds"], EGRESS_IP_FIELDS);
    if (!e) return;
    checkIdList(p, "egressIp.vswitchIds", e.vswitchIds);
    checkString(p, "egressIp.natGatewayId", e.natGatewayId);
    checkString(p, "egressIp.vpcId", e.vpcId);
    checkString(p, "egressIp.natGatewayVswitchId", e.natGatewayVswitchId);
    if (e.natGatewayId !== undefined && e.vpcId !== undefined) {
        p.add("egressIp", "natGatewayId and vpcId are set together; give natGatewayId to use an existing NAT gateway, or vpcId to create one");
    }
    if (e.natGatewayId === undefined && e.vpcId === undefined && args.kubeconfig !== undefined) {
        p.add("egressIp", "needs natGatewayId (an existing enhanced NAT gateway) or vpcId (create one): the mesh is adopted by kubeconfig, so its VPC is not known");
    }
    if (e.natGatewayVswitchId !== undefined && e.natGatewayId !== undefined) {
        p.add("egressIp.natGatewayVswitchId", "places a NAT gateway the component creates; remove it, or give vpcId instead of natGatewayId");
    }
    checkInt(p, "egressIp.eipCount", e.eipCount, 1, 20);
    checkInt(p, "egressIp.eipBandwidth", e.eipBandwidth, 1, 10000);
    if (e.eipIds !== undefined) {
        checkIdList(p, "egressIp.eipIds", e.eipIds);
        if (e.eipCount !== undefined) p.add("egressIp", "eipCount and eipIds are set together; give eipCount to create EIPs, or eipIds to adopt existing ones");
        if (e.eipBandwidth !== undefined) p.add("egressIp.eipBandwidth", "sets the bandwidth of EIPs the component creates; adopted eipIds keep their own");
    }
    checkLabels(p, "egressIp.nodeSelector", e.nodeSelector);
    checkArray(p, "egressIp.tolerations", e.tolerations, false);
    const selector = isObject(e.nodeSelector) ? e.nodeSelector : {};
    const gatewaySelector = gateway && isObject(gateway.nodeSelector) ? gateway.nodeSelector : {};
    for (const key of Object.keys(selector)) {
        if (key in gatewaySelector && gatewaySelector[key] !== selector[key]) {
            p.add(`egressIp.nodeSelector.${key}`, `${show(selector[key])} contradicts gateway.nodeSelector.${key} (${show(gatewaySelector[key])}); no node could carry both`);
        }
    }
    if (e.nodePool !== undefined) {
        const pool = checkFields(p, "egressIp.nodePool", e.nodePool, ["instanceTypes"], ["clusterId", "size", "name", "systemDiskCategory"]);
        if (pool) {
            checkString(p, "egressIp.nodePool.clusterId", pool.clusterId);
            checkIdList(p, "egressIp.nodePool.instanceTypes", pool.instanceTypes);
            checkInt(p, "egressIp.nodePool.size", pool.size, 1, 100);
            checkString(p, "egressIp.nodePool.name", pool.name);
            checkString(p, "egressIp.nodePool.systemDiskCategory", pool.systemDiskCategory);
        }
        if (Array.isArray(e.tolerations)) {
            e.tolerations.forEach((t, i) => {
                const at = `egressIp.tolerations[${i}]`;
                if (isDeferred(t)) {
                    p.add(at, "is an Output; with nodePool each toleration must be a plain object, since the pool's taints are made from it (its key, value and effect may be Outputs)");
                } else if (!isObject(t) || t.key === undefined || t.effect === undefined) {
                    p.add(at, "needs a key and an effect with nodePool: the pool's nodes are tainted with what the tolerations admit");
                } else {
                    checkEnum(p, `${at}.effect`, t.effect, TAINT_EFFECTS);
                }
            });
        }
    }
}
