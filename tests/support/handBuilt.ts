// What the seed procedure's console steps leave in a mesh (names as the procedure gives them):
// the live objects the live checks, `check --live` and the takeover must meet.
import type { Manifest } from "../../components/internal";

function istio(kind: string, name: string, spec: Record<string, unknown>): Manifest {
    return { apiVersion: "networking.istio.io/v1beta1", kind, metadata: { name, namespace: "default", labels: {} }, spec };
}

export const HAND_BUILT_SEED: Manifest[] = [
    istio("ServiceEntry", "external-svc-http", { hosts: ["aliyun.com"], location: "MESH_EXTERNAL", ports: [{ number: 80, name: "http", protocol: "HTTP" }], resolution: "DNS" }),
    istio("Gateway", "istio-egressgateway", { selector: { istio: "egressgateway" }, servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["aliyun.com"] }] }),
    istio("VirtualService", "direct-aliyun-through-egress-gateway", {
        hosts: ["aliyun.com"],
        gateways: ["istio-egressgateway", "mesh"],
        http: [
            { match: [{ gateways: ["mesh"], port: 80 }], route: [{ destination: { host: "istio-egressgateway.istio-system.svc.cluster.local", port: { number: 80 } } }] },
            { match: [{ gateways: ["istio-egressgateway"], port: 80 }], route: [{ destination: { host: "aliyun.com", port: { number: 80 } } }] },
        ],
    }),
    istio("DestinationRule", "egressgateway-for-aliyun", { host: "istio-egressgateway.istio-system.svc.cluster.local", subsets: [{ name: "aliyun" }] }),
];
