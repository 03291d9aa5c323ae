// Every kind of traffic: the exact objects each produces, and kinds sharing one gateway.
import * as assert from "assert";
import { GW, plan, spec } from "../support/plans";

const SELECTOR = { "mesh-egress.io/gateway": "egressgateway" };

const SNI_HOST = "sni.egressgateway.mesh-egress.internal";
const toGateway = (port: number) => ({ destination: { host: GW, port: { number: port } } });
const toSniHost = (subset: string, port: number) => ({ destination: { host: SNI_HOST, subset, port: { number: port } } });
const toHost = (host: string, port: number) => ({ destination: { host, port: { number: port } } });
const mutual = (port: number, sni: string) => ({ port: { number: port }, tls: { mode: "ISTIO_MUTUAL", sni } });

describe("kinds of traffic", () => {
    describe("HTTPS passthrough", () => {
        let p: ReturnType<typeof plan>;
        beforeEach(() => {
            p = plan([{ name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }] }]);
        });

        it("registers the port as TLS, resolved by DNS", () => {
            assert.deepStrictEqual(spec(p, "se-github").ports, [{ number: 443, name: "tls-443", protocol: "TLS" }]);
            assert.strictEqual(spec(p, "se-github").resolution, "DNS");
        });

        it("gives each host its own ISTIO_MUTUAL server, so the gateway tells them apart by SNI", () => {
            assert.deepStrictEqual(spec(p, "gw-tls-443").servers, [
                { port: { number: 443, name: "tls-443-api-github-com", protocol: "TLS" }, hosts: ["api.github.com"], tls: { mode: "ISTIO_MUTUAL" } },
                { port: { number: 443, name: "tls-443-github-com", protocol: "TLS" }, hosts: ["github.com"], tls: { mode: "ISTIO_MUTUAL" } },
            ]);
        });

        it("reaches the gateway pods under the SNI host, whose only port is the SNI listener", () => {
            assert.deepStrictEqual(p.objects.find((o) => o.id === "se-sni")!.manifest, {
                apiVersion: "networking.istio.io/v1beta1",
                kind: "ServiceEntry",
                metadata: { name: "egressgateway-sni", namespace: "istio-system", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } },
                spec: {
                    hosts: [SNI_HOST],
                    location: "MESH_INTERNAL",
                    ports: [{ number: 443, name: "tls-443", protocol: "TLS" }],
                    resolution: "STATIC",
                    workloadSelector: { labels: SELECTOR },
                    exportTo: ["*"],
                },
            });
        });

        it("gives each host a subset of the SNI host that sends the host as SNI", () => {
            const rule = p.objects.find((o) => o.id === "dr-sni")!.manifest;
            assert.deepStrictEqual([rule.apiVersion, rule.kind, rule.metadata.name, rule.metadata.namespace], ["networking.istio.io/v1beta1", "DestinationRule", "egressgateway-sni", "istio-system"]);
            assert.deepStrictEqual(spec(p, "dr-sni"), {
                host: SNI_HOST,
                exportTo: ["*"],
                trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: "ISTIO_MUTUAL" } }] },
                subsets: [
                    { name: "api-github-com", trafficPolicy: { portLevelSettings: [mutual(443, "api.github.com")] } },
                    { name: "github-com", trafficPolicy: { portLevelSettings: [mutual(443, "github.com")] } },
                ],
            });
            assert.deepStrictEqual(spec(p, "dr-gateway").trafficPolicy.portLevelSettings, [{ port: { number: 443 }, tls: { mode: "ISTIO_MUTUAL" } }]);
            assert.deepStrictEqual(p.objects.find((o) => o.id === "vs-github-github-com")!.dependsOn, ["se-github", "gw-tls-443", "dr-gateway", "se-sni", "dr-sni"]);
        });

        it("routes by SNI on the mesh leg and forwards the TLS stream on the gateway leg", () => {
            const vs = spec(p, "vs-github-api-github-com");
            assert.deepStrictEqual(vs.tls, [{ match: [{ gateways: ["mesh"], port: 443, sniHosts: ["api.github.com"] }], route: [toSniHost("api-github-com", 443)] }]);
            assert.deepStrictEqual(vs.tcp, [{ match: [{ gateways: ["istio-system/egressgateway-tls-443"], port: 443 }], route: [toHost("api.github.com", 443)] }]);
            assert.strictEqual(vs.http, undefined);
        });

        it("treats TLS like HTTPS", () => {
            const t = plan([{ name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "TLS" }] }]);
            assert.deepStrictEqual(t.objects.map((o) => o.manifest), p.objects.map((o) => o.manifest));
        });

        it("passes through at the gateway and matches SNI on both legs without mTLS", () => {
            const open = plan([{ name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }] }], { gateway: { mutualTls: false } });
            assert.deepStrictEqual(spec(open, "gw-tls-443").servers, [{ port: { number: 443, name: "tls-443", protocol: "TLS" }, hosts: ["api.github.com", "github.com"], tls: { mode: "PASSTHROUGH" } }]);
            assert.deepStrictEqual(spec(open, "vs-github-github-com").tls, [
                { match: [{ gateways: ["mesh"], port: 443, sniHosts: ["github.com"] }], route: [toGateway(443)] },
                { match: [{ gateways: ["istio-system/egressgateway-tls-443"], port: 443, sniHosts: ["github.com"] }], route: [toHost("github.com", 443)] },
            ]);
            assert.deepStrictEqual(spec(open, "dr-gateway").trafficPolicy.portLevelSettings, [{ port: { number: 443 }, tls: { mode: "DISABLE" } }]);
            assert.strictEqual(open.objects.some((o) => o.id === "se-sni" || o.id === "dr-sni"), false);
        });
    });

    describe("TLS origination", () => {
        let p: ReturnType<typeof plan>;
        beforeEach(() => {
            p = plan([{ name: "payments", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }] }]);
        });

        const ALIAS = "api-pay-example.tls-origination.egressgateway.mesh-egress.internal";

        it("registers only the plain port on the host, and the TLS port under a name only the gateway sees", () => {
            // On the host itself, port 443 would give every sidecar a direct route around the gateway.
            assert.deepStrictEqual(spec(p, "se-payments").ports, [{ number: 80, name: "http-80", protocol: "HTTP" }]);
            const tls = p.objects.find((o) => o.id === "se-payments-tls-api-pay-example")!;
            assert.strictEqual(tls.manifest.metadata.name, "egressgateway-payments-tls-api-pay-example");
            assert.deepStrictEqual(tls.manifest.spec, {
                hosts: [ALIAS],
                location: "MESH_EXTERNAL",
                ports: [{ number: 443, name: "https-443", protocol: "HTTPS" }],
                resolution: "DNS",
                endpoints: [{ address: "api.pay.example" }],
                exportTo: ["."],
            });
        });

        it("keeps sidecar-to-gateway ISTIO_MUTUAL and sends the gateway leg to the TLS port", () => {
            assert.deepStrictEqual(spec(p, "gw-https-80").servers, [{ port: { number: 80, name: "https-80", protocol: "HTTPS" }, hosts: ["https-80.egressgateway.mesh-egress.internal", "api.pay.example"], tls: { mode: "ISTIO_MUTUAL" } }]);
            const http = spec(p, "vs-payments-api-pay-example").http;
            assert.deepStrictEqual(http[0].route, [toGateway(80)]);
            assert.deepStrictEqual(http[1].route, [toHost(ALIAS, 443)]);
        });

        it("originates SIMPLE TLS at the gateway only, verifying the server with the system CAs and its name, and sending SNI", () => {
            const dr = p.objects.find((o) => o.id === "dr-payments-tls-api-pay-example")!;
            assert.strictEqual(dr.manifest.metadata.name, "egressgateway-payments-tls-api-pay-example");
            assert.deepStrictEqual(dr.manifest.spec, {
                host: ALIAS,
                workloadSelector: { matchLabels: SELECTOR },
                exportTo: ["."],
                trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: "SIMPLE", caCertificates: "/etc/ssl/certs/ca-certificates.crt", sni: "api.pay.example", subjectAltNames: ["api.pay.example"] } }] },
            });
            assert.deepStrictEqual(dr.dependsOn, ["se-payments", "se-payments-tls-api-pay-example"]);
        });

        it("uses the given CA bundle, TLS port and SNI, and checks the certificate is for the SNI", () => {
            const q = plan([{ name: "payments", hosts: ["api.pay.example"], ports: [{ number: 8080, protocol: "HTTP", tlsOrigination: { port: 8443, caCertificates: "/etc/certs/pay-ca.pem", sni: "pay.example" } }] }]);
            assert.deepStrictEqual(spec(q, "dr-payments-tls-api-pay-example").trafficPolicy.portLevelSettings, [
                { port: { number: 8443 }, tls: { mode: "SIMPLE", caCertificates: "/etc/certs/pay-ca.pem", sni: "pay.example", subjectAltNames: ["pay.example"] } },
            ]);
            assert.deepStrictEqual(spec(q, "vs-payments-api-pay-example").http[1].route, [toHost(ALIAS, 8443)]);
            assert.deepStrictEqual(spec(q, "se-payments-tls-api-pay-example").ports, [{ number: 8443, name: "https-8443", protocol: "HTTPS" }]);
        });

        it("does mutual TLS to the external service with a client credential", () => {
            const q = plan([{ name: "bank", hosts: ["api.bank.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { credentialName: "bank-client" } }] }]);
            assert.deepStrictEqual(spec(q, "dr-bank-tls-api-bank-example").trafficPolicy.portLevelSettings, [
                { port: { number: 443 }, tls: { mode: "MUTUAL", credentialName: "bank-client", sni: "api.bank.example", subjectAltNames: ["api.bank.example"] } },
            ]);
        });

        it("checks the names the user lists instead of the SNI", () => {
            const q = plan([{ name: "bank", hosts: ["api.bank.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { sni: "edge.bank.example", subjectAltNames: ["api.bank.example", "bank.example"] } }] }]);
            assert.deepStrictEqual(spec(q, "dr-bank-tls-api-bank-example").trafficPolicy.portLevelSettings, [
                { port: { number: 443 }, tls: { mode: "SIMPLE", caCertificates: "/etc/ssl/certs/ca-certificates.crt", sni: "edge.bank.example", subjectAltNames: ["api.bank.example", "bank.example"] } },
            ]);
        });
    });

    describe("TCP", () => {
        let p: ReturnType<typeof plan>;
        beforeEach(() => {
            p = plan([{ name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.0/24"], endpoints: ["10.0.0.5"] }]);
        });

        it("registers the CIDR with STATIC endpoints, so only that range is captured and the gateway knows where to go", () => {
            assert.deepStrictEqual(spec(p, "se-orders-db"), {
                hosts: ["orders-db.internal"],
                location: "MESH_EXTERNAL",
                ports: [{ number: 5432, name: "tcp-5432", protocol: "TCP" }],
                exportTo: ["*"],
                addresses: ["10.0.0.0/24"],
                resolution: "STATIC",
                endpoints: [{ address: "10.0.0.5" }],
            });
        });

        it("defaults endpoints to the single-IP addresses", () => {
            const q = plan([{ name: "db", hosts: ["db.internal"], ports: [{ number: 3306, protocol: "TCP" }], addresses: ["10.0.0.7/32", "10.0.0.8"] }]);
            assert.deepStrictEqual(spec(q, "se-db").endpoints, [{ address: "10.0.0.7" }, { address: "10.0.0.8" }]);
        });

        it("routes on port and subnet to the shared SNI listener, where the host's SNI picks its server", () => {
            assert.deepStrictEqual(spec(p, "gw-tls-443").servers, [{ port: { number: 443, name: "tls-443-orders-db-internal", protocol: "TLS" }, hosts: ["orders-db.internal"], tls: { mode: "ISTIO_MUTUAL" } }]);
            assert.deepStrictEqual(spec(p, "vs-orders-db-orders-db-internal").tcp, [
                { match: [{ gateways: ["mesh"], port: 5432, destinationSubnets: ["10.0.0.0/24"] }], route: [toSniHost("orders-db-internal", 443)] },
                { match: [{ gateways: ["istio-system/egressgateway-tls-443"], port: 443 }], route: [toHost("orders-db.internal", 5432)] },
            ]);
            assert.deepStrictEqual(spec(p, "dr-sni").subsets, [{ name: "orders-db-internal", trafficPolicy: { portLevelSettings: [mutual(443, "orders-db.internal")] } }]);
        });

        it("puts a service's second TCP port on a second SNI listener, so each host is on a listener once", () => {
            const q = plan([{ name: "db", hosts: ["db.internal"], ports: [{ number: 5433, protocol: "TCP" }, { number: 5432, protocol: "TCP" }], addresses: ["10.0.0.7"] }]);
            assert.deepStrictEqual(q.listeners.map((l) => [l.key, l.port, l.name]), [["sni:0", 443, "tls-443"], ["sni:1", 20000, "tls-20000"]]);
            assert.deepStrictEqual(spec(q, "dr-sni").subsets, [{ name: "db-internal", trafficPolicy: { portLevelSettings: [mutual(443, "db.internal"), mutual(20000, "db.internal")] } }]);
            assert.deepStrictEqual(spec(q, "se-sni").ports, [{ number: 443, name: "tls-443", protocol: "TLS" }, { number: 20000, name: "tls-20000", protocol: "TLS" }]);
            assert.deepStrictEqual(spec(q, "vs-db-db-internal").tcp.map((r: any) => [r.match[0].port, r.route[0].destination]), [
                [5433, { host: SNI_HOST, subset: "db-internal", port: { number: 20000 } }],
                [20000, { host: "db.internal", port: { number: 5433 } }],
                [5432, { host: SNI_HOST, subset: "db-internal", port: { number: 443 } }],
                [443, { host: "db.internal", port: { number: 5432 } }],
            ]);
        });

        it("uses a plain TCP server on a listener of its own without mTLS, and no SNI host", () => {
            const q = plan([{ name: "db", hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.7"] }], { gateway: { mutualTls: false } });
            assert.deepStrictEqual(spec(q, "gw-tcp-5432").servers, [{ port: { number: 5432, name: "tcp-5432-db-internal", protocol: "TCP" }, hosts: ["db.internal"] }]);
            assert.deepStrictEqual(spec(q, "vs-db-db-internal").tcp[0].route, [toGateway(5432)]);
            assert.strictEqual(q.objects.some((o) => o.id === "se-sni" || o.id === "dr-sni"), false);
        });
    });

    describe("wildcard hosts", () => {
        let p: ReturnType<typeof plan>;
        beforeEach(() => {
            p = plan([{ name: "wiki", hosts: ["*.wikipedia.org"], upstreamHost: "www.wikipedia.org", ports: [{ number: 443, protocol: "TLS" }] }]);
        });

        it("matches the wildcard without DNS and registers the concrete upstream with DNS", () => {
            assert.strictEqual(spec(p, "se-wiki").resolution, "NONE");
            assert.deepStrictEqual(spec(p, "se-wiki").hosts, ["*.wikipedia.org"]);
            assert.deepStrictEqual(spec(p, "se-wiki-upstream"), {
                hosts: ["www.wikipedia.org"],
                location: "MESH_EXTERNAL",
                ports: [{ number: 443, name: "tls-443", protocol: "TLS" }],
                resolution: "DNS",
                // Only the gateway connects to it; sidecars reach it through the wildcard's routes.
                exportTo: ["."],
            });
        });

        it("sends the gateway leg to the upstream host, with the upstream as SNI to the gateway", () => {
            const vs = spec(p, "vs-wiki-wildcard-wikipedia-org");
            assert.deepStrictEqual(vs.hosts, ["*.wikipedia.org"]);
            assert.deepStrictEqual(vs.tcp[0].route, [toHost("www.wikipedia.org", 443)]);
            assert.deepStrictEqual(spec(p, "dr-sni").subsets[0], { name: "wildcard-wikipedia-org", trafficPolicy: { portLevelSettings: [mutual(443, "www.wikipedia.org")] } });
            assert.deepStrictEqual(p.objects.find((o) => o.id === "vs-wiki-wildcard-wikipedia-org")!.dependsOn, ["se-wiki", "se-wiki-upstream", "gw-tls-443", "dr-gateway", "se-sni", "dr-sni"]);
        });
    });

    describe("kinds sharing one gateway", () => {
        let p: ReturnType<typeof plan>;
        beforeEach(() => {
            p = plan([
                { name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] },
                { name: "payments", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }] },
                { name: "github", hosts: ["github.com"], ports: [{ number: 443, protocol: "HTTPS" }] },
                { name: "wiki", hosts: ["*.wikipedia.org"], upstreamHost: "www.wikipedia.org", ports: [{ number: 443, protocol: "TLS" }] },
                { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] },
                { name: "reports-db", hosts: ["reports-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.1.0.7"] },
                { name: "cache", hosts: ["cache.internal"], ports: [{ number: 443, protocol: "TCP" }], addresses: ["10.2.0.9"] },
                { name: "pinned", hosts: ["pinned.internal"], ports: [{ number: 6379, protocol: "TCP", gatewayPort: 16379 }], addresses: ["10.3.0.1"] },
            ]);
        });

        it("shares one HTTP listener per port, and one SNI listener for every TLS and TCP exit; a pinned port keeps its own", () => {
            assert.deepStrictEqual(p.listeners.map((l) => [l.key, l.port, l.name]), [
                ["http:80", 80, "https-80"],
                ["sni:0", 443, "tls-443"],
                ["tls@16379", 16379, "tls-16379"],
            ]);
        });

        it("exposes exactly the listener ports on the IstioGateway", () => {
            const port = (name: string, number: number) => ({ name, port: number, targetPort: number, protocol: "TCP" });
            assert.deepStrictEqual(spec(p, "gateway").ports, [port("https-80", 80), port("tls-443", 443), port("tls-16379", 16379)]);
        });

        it("binds every Gateway server to its listener: one Gateway per listener, one server per host where SNI picks it", () => {
            const servers = p.objects
                .filter((x) => x.manifest.kind === "Gateway")
                .flatMap((o) => (o.manifest.spec as any).servers.map((s: any) => [o.id, s.port.number, s.port.protocol, s.hosts.join(",")]));
            assert.deepStrictEqual(servers, [
                ["gw-https-80", 80, "HTTPS", "https-80.egressgateway.mesh-egress.internal,aliyun.com,api.pay.example"],
                ["gw-tls-443", 443, "TLS", "*.wikipedia.org"],
                ["gw-tls-443", 443, "TLS", "cache.internal"],
                ["gw-tls-443", 443, "TLS", "github.com"],
                ["gw-tls-443", 443, "TLS", "orders-db.internal"],
                ["gw-tls-443", 443, "TLS", "reports-db.internal"],
                ["gw-tls-16379", 16379, "TLS", "pinned.internal"],
            ]);
        });

        it("keeps every listener when services are added, TCP ones included", () => {
            const q = plan([{ name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] }]);
            const r = plan([
                { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] },
                { name: "alpha-db", hosts: ["alpha-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.9.0.5"] },
            ]);
            assert.deepStrictEqual(q.listeners.map((l) => [l.key, l.port]), [["sni:0", 443]]);
            assert.deepStrictEqual(r.listeners.map((l) => [l.key, l.port]), [["sni:0", 443]]);
        });

        it("without mTLS gives each TCP service a listener of its own, kept when a service that sorts later is added", () => {
            const q = plan(
                [
                    { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] },
                    { name: "zeta-db", hosts: ["zeta-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.9.0.5"] },
                ],
                { gateway: { mutualTls: false } },
            );
            assert.deepStrictEqual(q.listeners.map((l) => [l.key, l.port]), [["tcp:orders-db:5432", 5432], ["tcp:zeta-db:5432", 20000]]);
        });
    });
});
