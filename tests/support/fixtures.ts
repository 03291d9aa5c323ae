// Inputs shared by the tests: the seed scenario and a multi-service, multi-port setup.
import type { ExternalServiceArgs, MeshEgressArgs } from "../../components";

export const ALIYUN: ExternalServiceArgs = { name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] };

/** Several services, several hosts and several ports, all plain HTTP. */
export const HTTP_SERVICES: ExternalServiceArgs[] = [
    ALIYUN,
    { name: "docs", hosts: ["docs.example.com", "help.example.com"], ports: [{ number: 80, protocol: "HTTP" }, { number: 8080, protocol: "HTTP" }] },
    { name: "metrics", hosts: ["metrics.example.org"], ports: [{ number: 9090, protocol: "HTTP" }] },
];

export function withKubeconfig(services: ExternalServiceArgs[] = HTTP_SERVICES): MeshEgressArgs {
    return { kubeconfig: "apiVersion: v1\nkind: Config\n", clusterIds: ["c-ack-1"], services };
}
