// What the real-engine tests deploy: the seed scenario, the mixed example and a generated
// scenario that sets every option, each without credentials (the stack supplies the kubeconfig).
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { ExternalServiceArgs, MeshEgressArgs } from "../../components";
import { REPO_ROOT } from "./binaries";

export interface EngineScenario {
    name: string;
    args: MeshEgressArgs;
}

function example(dir: string): MeshEgressArgs {
    const args = parse(fs.readFileSync(path.join(REPO_ROOT, "examples", dir, "egress.yaml"), "utf8")) as MeshEgressArgs & { meshId?: string };
    delete args.meshId;
    return args;
}

/** Every argument the component takes, in one setup (a kubeconfig-adopted mesh). */
export const EVERY_OPTION: MeshEgressArgs = {
    clusterIds: ["c-ack-1", "c-ack-2"],
    gateway: {
        name: "egress-prod",
        replicas: 3,
        resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 },
        nodeSelector: { pool: "egress" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "egress", effect: "NoSchedule" }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["egress"] }] }] } } },
        podLabels: { team: "platform" },
        podAnnotations: { "example.com/owner": "platform" },
        mutualTls: true,
    },
    services: [
        { name: "aliyun", hosts: ["aliyun.com", "www.aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }, { number: 8080, protocol: "HTTP", gatewayPort: 18080 }], allowFrom: [{ namespace: "default" }, { namespace: "web", serviceAccount: "sleep" }] },
        { name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }], exportTo: ["ci", "web"] },
        { name: "smtp", hosts: ["smtp.mail.example"], ports: [{ number: 465, protocol: "TLS" }] },
        { name: "payments", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { port: 8443, caCertificates: "/etc/certs/ca.pem", sni: "pay.example" } }], allowFrom: [{ namespace: "shop", serviceAccount: "checkout" }] },
        { name: "bank", hosts: ["api.bank.example"], ports: [{ number: 8081, protocol: "HTTP", tlsOrigination: { credentialName: "bank-client" } }] },
        { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.20.0.0/24"], endpoints: ["10.20.0.15"] },
        { name: "wiki", hosts: ["*.wikipedia.org"], upstreamHost: "www.wikipedia.org", ports: [{ number: 443, protocol: "TLS" }] },
        { name: "cdn", hosts: ["*.cdn.example"], upstreamHost: "edge.cdn.example", ports: [{ number: 80, protocol: "HTTP" }], exportTo: ["web"] },
    ],
    outboundTrafficPolicy: "REGISTRY_ONLY",
    registryOnlyNamespaces: ["default", "web", "ci", "shop"],
    defaultAllowFrom: [{ namespace: "platform" }],
    accessLog: { enabled: true, provider: "envoy" },
    bypassProtection: { namespaces: ["web"], allowedCidrs: ["192.168.0.10/32"] },
};

/** The seed procedure's setup (examples/aliyun). */
export const SEED: MeshEgressArgs = example("aliyun");

/** Every kind of traffic through one gateway (examples/mixed). */
export const MIXED: MeshEgressArgs = example("mixed");

export const ENGINE_SCENARIOS: EngineScenario[] = [
    { name: "seed (examples/aliyun)", args: SEED },
    { name: "mixed (examples/mixed)", args: MIXED },
    { name: "every option", args: EVERY_OPTION },
];

/** A service on a listener the seed already has (HTTP 80): the IstioGateway must not change. */
export const SHARED_LISTENER_SERVICE: ExternalServiceArgs = { name: "added-shared", hosts: ["shared.added.example"], ports: [{ number: 80, protocol: "HTTP" }] };
/** A service on a new listener port: the IstioGateway gains it. */
export const NEW_LISTENER_SERVICE: ExternalServiceArgs = { name: "added-new", hosts: ["new.added.example"], ports: [{ number: 8088, protocol: "HTTP" }] };

/** Namespaces the objects are written to that the objects do not create: they must exist on the mesh API server. */
export function namespacesOf(manifests: { kind: string; metadata: { name: string; namespace?: string } }[]): string[] {
    const created = new Set(manifests.filter((m) => m.kind === "Namespace").map((m) => m.metadata.name));
    return [...new Set(manifests.flatMap((m) => (m.metadata.namespace !== undefined && !created.has(m.metadata.namespace) ? [m.metadata.namespace] : [])))];
}
