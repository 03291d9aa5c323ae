// The seed procedure as one Pulumi program: a `sleep` pod in the ACK cluster reaches
// aliyun.com on port 80 through the ASM egress gateway; every other external host is blocked.
//
//   pulumi config set alicloud:region cn-hangzhou
//   pulumi config set meshId <ASM instance id>
//   pulumi config set clusterId <ACK cluster id>
//   pulumi config set --secret ackKubeconfig "$(cat ack-kubeconfig)"
//   pulumi config set routing asmEgressTrafficPolicy   # optional: one ASM policy instead of Istio objects
//   pulumi up
//   kubectl exec deploy/sleep -- curl -sI http://aliyun.com     # 301, via the gateway
//   kubectl exec deploy/sleep -- curl -sI http://example.com    # 502, REGISTRY_ONLY
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MeshEgress, RoutingMode } from "../../components";
import { sleepClient } from "../sleepClient";

const config = new pulumi.Config();
const clusterId = config.require("clusterId");
// istio (default): ServiceEntry, Gateway, DestinationRule and VirtualService objects, on any
// edition. asmEgressTrafficPolicy: one ASMEgressTrafficPolicy that ASM turns into those objects
// (Enterprise or Ultimate edition, ASM 1.16.4 or later). Switching either way on a live stack
// creates the new path before deleting the old one.
const routing = (config.get("routing") ?? "istio") as RoutingMode;

const egress = new MeshEgress("aliyun", {
    meshId: config.require("meshId"),
    clusterIds: [clusterId],
    services: [{ name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }],
    outboundTrafficPolicy: "REGISTRY_ONLY",
    routing,
});

// The client of the seed procedure, in the data-plane cluster, with a sidecar injected.
const ack = new k8s.Provider("ack", { kubeconfig: config.requireSecret("ackKubeconfig") });
sleepClient(ack, [egress]);

export const gatewayHost = egress.gatewayHost;
export const istioObjects = egress.istioObjects;
export const routingPath = egress.routing;
