// Every kind of traffic: the exact objects each produces, and kinds sharing one gateway.
import * as assert from "assert";
import { GW, plan, spec } from "../support/plans";

const SELECTOR = { "mesh-egress.io/gateway": "egressgateway" };

const toGateway = (subset: string, port: number) => ({ destination: { host: GW, subset, port: { number: port } } });
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
            assert.deepStrictEqual(spec(p, "gw-github").servers, [
                { port: { number: 443, name: "tls-443-github-com", protocol: "TLS" }, hosts: ["github.com"], tls: { mode: "ISTIO_MUTUAL" } },
                { port: { number: 443, name: "tls-443-api-github-com", protocol: "TLS" }, hosts: ["api.github.com"], tls: { mode: "ISTIO_MUTUAL" } },
            ]);
            assert.deepStrictEqual(spec(p, "dr-github").subsets.map((s: any) => s.trafficPolicy.portLevelSettings[0]), [mutual(443, "github.com"), mutual(443, "api.github.com")]);
        });

        it("routes by SNI on the mesh leg and forwards the TLS stream on the gateway leg", () => {
            const vs = spec(p, "vs-github-api-github-com");
            assert.deepStrictEqual(vs.tls, [{ match: [{ gateways: ["mesh"], port: 443, sniHosts: ["api.github.com"] }], route: [toGateway("api-github-com", 443)] }]);
            assert.deepStrictEqual(vs.tcp, [{ match: [{ gateways: ["istio-system/egressgateway-github"], port: 443 }], route: [toHost("api.github.com", 443)] }]);
            assert.strictEqual(vs.http, undefined);
        });

        it("treats TLS like HTTPS", () => {
            const t = plan([{ name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "TLS" }] }]);
            assert.deepStrictEqual(t.objects.map((o) => o.manifest), p.objects.map((o) => o.manifest));
        });

        it("passes through at the gateway and matches SNI on both legs without mTLS", () => {
            const open = plan([{ name: "github", hosts: ["github.com", "api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }] }], { gateway: { mutualTls: false } });
            assert.deepStrictEqual(spec(open, "gw-github").servers, [{ port: { number: 443, name: "tls-443", protocol: "TLS" }, hosts: ["github.com", "api.github.com"], tls: { mode: "PASSTHROUGH" } }]);
            assert.deepStrictEqual(spec(open, "vs-github-github-com").tls[1], { match: [{ gateways: ["istio-system/egressgateway-github"], port: 443, sniHosts: ["github.com"] }], route: [toHost("github.com", 443)] });
            assert.deepStrictEqual(spec(open, "dr-github").subsets[0].trafficPolicy.portLevelSettings, [{ port: { number: 443 }, tls: { mode: "DISABLE" } }]);
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
            assert.deepStrictEqual(spec(p, "gw-payments").servers, [{ port: { number: 80, name: "https-80", protocol: "HTTPS" }, hosts: ["api.pay.example"], tls: { mode: "ISTIO_MUTUAL" } }]);
            const http = spec(p, "vs-payments-api-pay-example").http;
            assert.deepStrictEqual(http[0].route, [toGateway("api-pay-example", 80)]);
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

        it("routes on port and subnet through an ISTIO_MUTUAL listener of its own", () => {
            assert.deepStrictEqual(spec(p, "gw-orders-db").servers, [{ port: { number: 5432, name: "tls-5432", protocol: "TLS" }, hosts: ["orders-db.internal"], tls: { mode: "ISTIO_MUTUAL" } }]);
            assert.deepStrictEqual(spec(p, "vs-orders-db-orders-db-internal").tcp, [
                { match: [{ gateways: ["mesh"], port: 5432, destinationSubnets: ["10.0.0.0/24"] }], route: [toGateway("orders-db-internal", 5432)] },
                { match: [{ gateways: ["istio-system/egressgateway-orders-db"], port: 5432 }], route: [toHost("orders-db.internal", 5432)] },
            ]);
        });

        it("uses a plain TCP server without mTLS", () => {
            const q = plan([{ name: "db", hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.7"] }], { gateway: { mutualTls: false } });
            assert.deepStrictEqual(spec(q, "gw-db").servers, [{ port: { number: 5432, name: "tcp-5432", protocol: "TCP" }, hosts: ["db.internal"] }]);
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
            assert.deepStrictEqual(spec(p, "dr-wiki").subsets[0], { name: "wildcard-wikipedia-org", trafficPolicy: { portLevelSettings: [mutual(443, "www.wikipedia.org")] } });
            assert.deepStrictEqual(p.objects.find((o) => o.id === "vs-wiki-wildcard-wikipedia-org")!.dependsOn, ["se-wiki", "se-wiki-upstream", "gw-wiki", "dr-wiki"]);
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

        it("shares HTTP and TLS listeners and gives each TCP service its own, without collisions", () => {
            assert.deepStrictEqual(p.listeners.map((l) => [l.key, l.port, l.name]), [
                ["http:80", 80, "https-80"],
                ["tls:443", 443, "tls-443"],
                ["tcp:orders-db:5432", 5432, "tls-5432"],
                ["tcp@16379", 16379, "tls-16379"],
                ["tcp:cache:443", 20000, "tls-20000"],
                ["tcp:reports-db:5432", 20001, "tls-20001"],
            ]);
        });

        it("exposes exactly the listener ports on the IstioGateway", () => {
            const port = (name: string, number: number) => ({ name, port: number, targetPort: number, protocol: "TCP" });
            assert.deepStrictEqual(spec(p, "gateway").ports, [
                port("https-80", 80),
                port("tls-443", 443),
                port("tls-5432", 5432),
                port("tls-16379", 16379),
                port("tls-20000", 20000),
                port("tls-20001", 20001),
            ]);
        });

        it("binds every Gateway server to its listener", () => {
            const servers = p.objects
                .filter((x) => x.manifest.kind === "Gateway")
                .flatMap((o) => (o.manifest.spec as any).servers.map((s: any) => [o.id, s.port.number, s.port.protocol]));
            assert.deepStrictEqual(servers, [
                ["gw-aliyun", 80, "HTTPS"],
                ["gw-payments", 80, "HTTPS"],
                ["gw-github", 443, "TLS"],
                ["gw-wiki", 443, "TLS"],
                ["gw-orders-db", 5432, "TLS"],
                ["gw-reports-db", 20001, "TLS"],
                ["gw-cache", 20000, "TLS"],
                ["gw-pinned", 16379, "TLS"],
            ]);
        });

        it("keeps a TCP listener when a service that sorts later is added", () => {
            const q = plan([
                { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] },
                { name: "zeta-db", hosts: ["zeta-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.9.0.5"] },
            ]);
            assert.deepStrictEqual(q.listeners.map((l) => [l.key, l.port]), [["tcp:orders-db:5432", 5432], ["tcp:zeta-db:5432", 20000]]);
        });
    });
});
