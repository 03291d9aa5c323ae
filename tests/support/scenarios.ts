// A matrix of generated setups: each kind of traffic, mixes, allow-lists, scoped namespaces,
// no mTLS, and several gateways' worth of ports. The analyzer, schema and istioctl tests run
// over all of them and over every example file.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { ExternalServiceArgs, MeshEgressArgs } from "../../components";

const base = (services: ExternalServiceArgs[], extra: Partial<MeshEgressArgs> = {}): MeshEgressArgs => ({ kubeconfig: "kc", clusterIds: ["c-ack-1"], services, ...extra });

const http: ExternalServiceArgs = { name: "aliyun", hosts: ["aliyun.com", "www.aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }, { number: 8080, protocol: "HTTP" }] };
const passthrough: ExternalServiceArgs = { name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }] };
const tls: ExternalServiceArgs = { name: "smtp", hosts: ["smtp.mail.example"], ports: [{ number: 465, protocol: "TLS" }] };
const origination: ExternalServiceArgs = { name: "payments", hosts: ["api.pay.example", "eu.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }, { number: 8080, protocol: "HTTP", tlsOrigination: { port: 8443, caCertificates: "/etc/certs/ca.pem", sni: "pay.example" } }] };
const mutualOrigination: ExternalServiceArgs = { name: "bank", hosts: ["api.bank.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { credentialName: "bank-client" } }] };
const tcp: ExternalServiceArgs = { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.20.0.0/24"], endpoints: ["10.20.0.15"] };
const tcp2: ExternalServiceArgs = { name: "reports-db", hosts: ["reports-db.internal"], ports: [{ number: 5432, protocol: "TCP" }, { number: 5433, protocol: "TCP" }], addresses: ["10.30.0.7"] };
const wildcard: ExternalServiceArgs = { name: "wiki", hosts: ["*.wikipedia.org"], upstreamHost: "www.wikipedia.org", ports: [{ number: 443, protocol: "TLS" }] };
const httpAndHttps: ExternalServiceArgs = { name: "example", hosts: ["example.org", "www.example.org"], ports: [{ number: 80, protocol: "HTTP" }, { number: 443, protocol: "HTTPS" }] };
const wildcardHttp: ExternalServiceArgs = { name: "cdn", hosts: ["*.cdn.example"], upstreamHost: "edge.cdn.example", ports: [{ number: 80, protocol: "HTTP" }] };

/**
 * Many services: several gateways' worth of listener ports and objects. Every fourth is TCP to
 * an address, unless `tcp` is false (ASMEgressTrafficPolicy cannot carry it): then HTTP, HTTPS
 * passthrough and TLS origination take turns.
 */
export function many(count: number, tcp = true): ExternalServiceArgs[] {
    return Array.from({ length: count }, (_, i): ExternalServiceArgs => {
        switch (i % (tcp ? 4 : 3)) {
            case 0:
                return { name: `web-${i}`, hosts: [`web-${i}.example.com`], ports: [{ number: 8000 + (i % 7), protocol: "HTTP" }] };
            case 1:
                return { name: `tls-${i}`, hosts: [`tls-${i}.example.com`], ports: [{ number: 443, protocol: "HTTPS" }] };
            case 2:
                return { name: `api-${i}`, hosts: [`api-${i}.example.com`], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }] };
            default:
                return { name: `db-${i}`, hosts: [`db-${i}.internal`], ports: [{ number: 5432, protocol: "TCP" }], addresses: [`10.${Math.floor(i / 250)}.${i % 250}.1`] };
        }
    });
}

/**
 * The scale mix of docs/performance.md: a third each HTTP on 80, TLS passthrough on 443, and TCP
 * to an address on a port of its own.
 */
export function thirds(count: number): ExternalServiceArgs[] {
    return Array.from({ length: count }, (_, i): ExternalServiceArgs => {
        switch (i % 3) {
            case 0:
                return { name: `web-${i}`, hosts: [`web-${i}.example.com`], ports: [{ number: 80, protocol: "HTTP" }] };
            case 1:
                return { name: `tls-${i}`, hosts: [`tls-${i}.example.com`], ports: [{ number: 443, protocol: "TLS" }] };
            default:
                return { name: `db-${i}`, hosts: [`db-${i}.internal`], ports: [{ number: 10000 + i, protocol: "TCP" }], addresses: [`10.${Math.floor(i / 250)}.${i % 250}.1`] };
        }
    });
}

export const SCENARIOS: Record<string, MeshEgressArgs> = {
    "http": base([http]),
    "https-passthrough": base([passthrough]),
    "tls-passthrough": base([tls]),
    "tls-origination": base([origination]),
    "mutual-tls-origination": base([mutualOrigination]),
    "tcp": base([tcp, tcp2]),
    "http-and-https": base([httpAndHttps], { defaultAllowFrom: [{ namespace: "web" }] }),
    "wildcards": base([wildcard, wildcardHttp]),
    "mixed": base([http, passthrough, tls, origination, mutualOrigination, tcp, tcp2, wildcard, wildcardHttp, httpAndHttps]),
    "allow-lists": base([
        { ...http, allowFrom: [{ namespace: "default" }, { namespace: "web", serviceAccount: "sleep" }] },
        { ...passthrough, allowFrom: [{ namespace: "ci" }] },
        { ...tcp, allowFrom: [{ namespace: "orders", serviceAccount: "api" }] },
        origination,
    ], { defaultAllowFrom: [{ namespace: "platform" }] }),
    "scoped-namespaces": base([http, { ...passthrough, exportTo: ["ci", "web"] }, tcp], { registryOnlyNamespaces: ["default", "web", "ci"] }),
    "no-mtls": base([http, passthrough, origination, tcp, tcp2, wildcard], { gateway: { mutualTls: false } }),
    "allow-any": base([http, passthrough], { outboundTrafficPolicy: "ALLOW_ANY", accessLog: { enabled: false } }),
    "custom-gateway": base([http, tcp], { gateway: { name: "egress-prod", replicas: 3, autoscaling: { maxReplicas: 6 }, podLabels: { team: "platform" }, nodeSelector: { pool: "egress" } } }),
    "new-mesh": { newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" }, clusterIds: ["c-ack-1"], services: [http, passthrough], accessLog: { slsProject: "egress", retentionDays: 30 } },
    "bypass-protection": base([http, tcp], { bypassProtection: { namespaces: ["web"], allowedCidrs: ["192.168.0.10/32"] } }),
    "many-services": base(many(120), { registryOnlyNamespaces: ["default"] }),
    "observe-everywhere": base([http, passthrough, tcp], { outboundTrafficPolicy: "ALLOW_ANY", observe: {} }),
    "observe-unlocked": base([http, { ...passthrough, exportTo: ["ci"] }, tcp], { registryOnlyNamespaces: ["default"], observe: { namespaces: ["web", "ci"] } }),
};

export const EXAMPLES_DIR = path.resolve(__dirname, "..", "..", "..", "examples");

/** Every example config file (`examples/<name>/egress.yaml`) and its parsed arguments. */
export function exampleFiles(): { name: string; file: string; args: MeshEgressArgs }[] {
    return fs
        .readdirSync(EXAMPLES_DIR)
        .map((dir) => path.join(EXAMPLES_DIR, dir, "egress.yaml"))
        .filter((file) => fs.existsSync(file))
        .map((file) => ({ name: path.basename(path.dirname(file)), file, args: parse(fs.readFileSync(file, "utf8")) as MeshEgressArgs }));
}
