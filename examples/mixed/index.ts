// Every kind of traffic through one egress gateway, with an allow-list: only `default` reaches
// aliyun.com, only `ci` reaches GitHub, only shop's checkout/orders service accounts reach the
// payments API and the orders database; everything else is denied at the gateway.
//
//   pulumi config set alicloud:region cn-hangzhou
//   pulumi config set meshId <ASM instance id>
//   pulumi config set clusterId <ACK cluster id>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { MeshEgress } from "../../components";

const config = new pulumi.Config();

const egress = new MeshEgress("mixed", {
    meshId: config.require("meshId"),
    clusterIds: [config.require("clusterId")],
    services: [
        { name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }], allowFrom: [{ namespace: "default" }] },
        { name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }], allowFrom: [{ namespace: "ci" }] },
        {
            name: "payments",
            hosts: ["api.payments.example.com"],
            ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { port: 443 } }],
            allowFrom: [{ namespace: "shop", serviceAccount: "checkout" }],
            exportTo: ["shop"],
        },
        {
            name: "orders-db",
            hosts: ["orders-db.internal"],
            ports: [{ number: 5432, protocol: "TCP" }],
            addresses: ["10.20.0.0/24"],
            endpoints: ["10.20.0.15"],
            allowFrom: [{ namespace: "shop", serviceAccount: "orders" }],
        },
    ],
    registryOnlyNamespaces: ["default", "ci", "shop"],
});

export const gatewayHost = egress.gatewayHost;
export const listeners = egress.listeners;
export const istioObjects = egress.istioObjects;
