// MeshEgress as one part of an infra stack: the VPC, its vSwitches, the ACK cluster, the ASM
// instance, the egress gateway with a stable egress IP and the seed's `sleep` application, all
// declared here and wired by Outputs that are unknown until Alibaba Cloud creates them.
//
//   pulumi config set alicloud:region cn-hangzhou
//   pulumi config set zoneId cn-hangzhou-k
//   pulumi up
//   pulumi stack output egressIps        # the addresses partners allow-list
//   kubectl exec deploy/sleep -- curl -sI http://aliyun.com     # leaves from one of egressIps
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MeshEgress } from "../../components";
import { sleepClient } from "../sleepClient";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");
const instanceType = config.get("instanceType") ?? "ecs.g7.large";

const vpc = new alicloud.vpc.Network("egress-vpc", { vpcName: "egress-vpc", cidrBlock: "10.0.0.0/16" });
const vswitch = (name: string, cidrBlock: string) => new alicloud.vpc.Switch(name, { vswitchName: name, vpcId: vpc.id, zoneId, cidrBlock });
// Applications, the mesh's control plane endpoint, and the nodes reserved for the gateway each
// get a vSwitch: only the last one is SNATed to the stable egress IP.
const appVswitch = vswitch("apps", "10.0.1.0/24");
const meshVswitch = vswitch("mesh", "10.0.2.0/24");
const egressVswitch = vswitch("egress-nodes", "10.0.3.0/24");

// No NAT gateway of the cluster's own: application pods reach the Internet only through the
// egress gateway, whose nodes alone have a route out.
const ack = new alicloud.cs.ManagedKubernetes("ack", {
    name: "egress-demo",
    clusterSpec: "ack.pro.small",
    vswitchIds: [appVswitch.id],
    newNatGateway: false,
    serviceCidr: "172.16.0.0/16",
    podCidr: "172.20.0.0/16",
});
const apps = new alicloud.cs.NodePool("apps", {
    clusterId: ack.id,
    nodePoolName: "apps",
    vswitchIds: [appVswitch.id],
    instanceTypes: [instanceType],
    desiredSize: "2",
    systemDiskCategory: "cloud_essd",
});

const egress = new MeshEgress("egress", {
    // A new Enterprise mesh in the same VPC; egressIp's NAT gateway goes there too.
    newMesh: { vpcId: vpc.id, vswitchId: meshVswitch.id, clusterSpec: "enterprise" },
    clusterIds: [ack.id],
    services: [{ name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }],
    egressIp: {
        vswitchIds: [egressVswitch.id],
        eipCount: 1,
        // Two tainted nodes that only the gateway pods tolerate.
        nodePool: { instanceTypes: [instanceType], size: 2 },
    },
}, { dependsOn: [apps] });

// The seed's client in the ACK cluster, with a sidecar, once the way out exists.
const credential = alicloud.cs.getClusterCredentialOutput({ clusterId: ack.id, temporaryDurationMinutes: 60 });
const cluster = new k8s.Provider("ack-api", { kubeconfig: pulumi.secret(credential.kubeConfig) });
sleepClient(cluster, [egress]);

export const egressIps = egress.egressIps;
export const gatewayHost = egress.gatewayHost;
export const meshId = egress.meshId;
