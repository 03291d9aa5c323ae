// Every object that names a gateway port names the listener's port, never the application's,
// when the two differ: an allocated fallback port (the application port is taken, or reserved
// by Istio) or a pinned `gatewayPort`. Expected ports are written out here, not taken from the
// allocator the builders use.
import * as assert from "assert";
import { GW, plan, spec } from "../support/plans";
import { buildEgressPlan } from "../../components/internal";
import { allocateListeners, listenerFor } from "../../components/listeners";

describe("listener ports that differ from the application port", () => {
    // An HTTP service pinned to 443 takes the port the shared SNI listener asks for, so that
    // listener, and the TLS service on it, move to 20000.
    let clash: ReturnType<typeof plan>;
    beforeEach(() => {
        clash = plan(
            [
                { name: "web", hosts: ["web.example"], ports: [{ number: 8443, protocol: "HTTP", gatewayPort: 443 }], allowFrom: [{ namespace: "shop" }] },
                { name: "secure", hosts: ["secure.example"], ports: [{ number: 8443, protocol: "TLS" }], allowFrom: [{ namespace: "shop" }] },
            ],
            { bypassProtection: { namespaces: ["shop"], allowedCidrs: ["192.168.0.1/32"], provider: undefined as never } },
        );
    });

    it("allocates the fallback port and exposes exactly the listener ports on the IstioGateway", () => {
        assert.deepStrictEqual(clash.listeners.map((l) => [l.key, l.name, l.port]), [["http@443", "https-443", 443], ["sni:0", "tls-20000", 20000]]);
        assert.deepStrictEqual(spec(clash, "gateway").ports.map((p: any) => [p.name, p.port, p.targetPort]), [["https-443", 443, 443], ["tls-20000", 20000, 20000]]);
    });

    it("puts the Gateway server on the fallback port", () => {
        assert.deepStrictEqual(spec(clash, "gw-tls-20000").servers.map((s: any) => s.port), [{ number: 20000, name: "tls-20000-secure-example", protocol: "TLS" }]);
    });

    it("sends the mesh leg to the fallback port, matched on the application port", () => {
        const tls = spec(clash, "vs-secure-secure-example").tls;
        assert.deepStrictEqual(tls[0].match, [{ gateways: ["mesh"], port: 8443, sniHosts: ["secure.example"] }]);
        assert.deepStrictEqual(tls[0].route, [{ destination: { host: "sni.egressgateway.mesh-egress.internal", subset: "secure-example", port: { number: 20000 } } }]);
    });

    it("matches the gateway leg on the fallback port and forwards to the application port", () => {
        const tcp = spec(clash, "vs-secure-secure-example").tcp;
        assert.deepStrictEqual(tcp[0].match, [{ gateways: ["istio-system/egressgateway-tls-20000"], port: 20000 }]);
        assert.deepStrictEqual(tcp[0].route, [{ destination: { host: "secure.example", port: { number: 8443 } } }]);
    });

    it("sets the host's subset and the SNI host's port on the fallback port", () => {
        assert.deepStrictEqual(spec(clash, "dr-sni").subsets[0].trafficPolicy.portLevelSettings, [{ port: { number: 20000 }, tls: { mode: "ISTIO_MUTUAL", sni: "secure.example" } }]);
        assert.deepStrictEqual(spec(clash, "se-sni").ports, [{ number: 20000, name: "tls-20000", protocol: "TLS" }]);
        assert.deepStrictEqual(spec(clash, "dr-gateway").trafficPolicy.portLevelSettings, [
            { port: { number: 443 }, tls: { mode: "ISTIO_MUTUAL", sni: "https-443.egressgateway.mesh-egress.internal" } },
            { port: { number: 20000 }, tls: { mode: "ISTIO_MUTUAL" } },
        ]);
    });

    it("allows the fallback port in the AuthorizationPolicy", () => {
        assert.deepStrictEqual(spec(clash, "authz-secure").rules[0].to, [{ operation: { ports: ["20000"] } }]);
        assert.deepStrictEqual(spec(clash, "authz-web").rules[0].to[0].operation.ports, ["443"]);
    });

    it("opens the fallback port in the bypass NetworkPolicy", () => {
        const netpol = clash.objects.find((o) => o.id === "netpol-shop")!.manifest.spec as any;
        const gatewayRule = netpol.egress.find((r: any) => r.ports?.some((p: any) => p.port === 443));
        assert.deepStrictEqual(gatewayRule.ports, [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 20000 }]);
    });

    it("skips Istio's reserved ports 15000-15099 for a listener", () => {
        const reserved = plan([{ name: "admin", hosts: ["admin.example"], ports: [{ number: 15021, protocol: "HTTP" }] }]);
        assert.deepStrictEqual(reserved.listeners.map((l) => l.port), [20000]);
        assert.deepStrictEqual(spec(reserved, "vs-admin-admin-example").http[0].route[0].destination.port, { number: 20000 });
        assert.deepStrictEqual(spec(reserved, "vs-admin-admin-example").http[0].match, [{ gateways: ["mesh"], port: 15021 }]);
    });

    it("reserves exactly 15000 to 15099", () => {
        const edges = plan([14999, 15000, 15099, 15100].map((number) => ({ name: `p${number}`, hosts: [`p${number}.example`], ports: [{ number, protocol: "HTTP" as const }] })));
        assert.deepStrictEqual(edges.listeners.map((l) => [l.key, l.port]), [["http:14999", 14999], ["http:15100", 15100], ["http:15000", 20000], ["http:15099", 20001]]);
    });

    it("without mTLS gives a clashing port to HTTP before TLS, whatever the order of the services, and hands out fallbacks by port", () => {
        const clashes = plan(
            [
                // TLS services named to sort first: only the family, not the name, puts HTTP first.
                { name: "a-tls-high", hosts: ["tls-high.example"], ports: [{ number: 10000, protocol: "TLS" }] },
                { name: "a-tls-low", hosts: ["tls-low.example"], ports: [{ number: 9000, protocol: "TLS" }] },
                { name: "z-http-high", hosts: ["http-high.example"], ports: [{ number: 10000, protocol: "HTTP" }] },
                { name: "z-http-low", hosts: ["http-low.example"], ports: [{ number: 9000, protocol: "HTTP" }] },
            ],
            { gateway: { mutualTls: false } },
        );
        assert.deepStrictEqual(clashes.listeners.map((l) => [l.key, l.port]), [["http:9000", 9000], ["http:10000", 10000], ["tls:9000", 20000], ["tls:10000", 20001]]);
    });

    it("without mTLS gives a TCP port shared by two services to the first by name, whatever their order", () => {
        const tcp = plan(
            [
                { name: "zeta-db", hosts: ["zeta.internal"], addresses: ["10.0.0.2"], ports: [{ number: 5432, protocol: "TCP" }] },
                { name: "alpha-db", hosts: ["alpha.internal"], addresses: ["10.0.0.1"], ports: [{ number: 5432, protocol: "TCP" }] },
            ],
            { gateway: { mutualTls: false } },
        );
        assert.deepStrictEqual(tcp.listeners.map((l) => [l.key, l.name, l.port]), [["tcp:alpha-db:5432", "tcp-5432", 5432], ["tcp:zeta-db:5432", "tcp-20000", 20000]]);
    });

    it("without mTLS gives a port TLS and TCP both ask for to TLS, whose listener others may share", () => {
        const both = plan(
            [
                { name: "a-db", hosts: ["db.internal"], addresses: ["10.0.0.2"], ports: [{ number: 5432, protocol: "TCP" }] },
                { name: "z-tls", hosts: ["z.example"], ports: [{ number: 5432, protocol: "TLS" }] },
            ],
            { gateway: { mutualTls: false } },
        );
        assert.deepStrictEqual(both.listeners.map((l) => [l.key, l.port]), [["tls:5432", 5432], ["tcp:a-db:5432", 20000]]);
    });

    it("counts only unpinned TLS and TCP ports for a service's SNI slots", () => {
        const mixed = plan([{ name: "git", hosts: ["git.example"], ports: [{ number: 443, protocol: "TLS", gatewayPort: 9443 }, { number: 8443, protocol: "TLS" }, { number: 80, protocol: "HTTP" }] }]);
        assert.deepStrictEqual(mixed.listeners.map((l) => [l.key, l.port]), [["http:80", 80], ["sni:0", 443], ["tls@9443", 9443]]);
    });

    it("orders SNI slots among themselves by slot, so a service's second SNI port never takes the first's listener", () => {
        const slots = plan([
            { name: "db", hosts: ["db.internal"], addresses: ["10.0.0.2"], ports: [{ number: 6000, protocol: "TCP" }, { number: 5000, protocol: "TCP" }, { number: 7000, protocol: "TCP" }] },
            { name: "web", hosts: ["web.example"], ports: [{ number: 80, protocol: "HTTP", gatewayPort: 20000 }] },
        ]);
        assert.deepStrictEqual(slots.listeners.map((l) => [l.key, l.port]), [["sni:0", 443], ["http@20000", 20000], ["sni:1", 20001], ["sni:2", 20002]]);
        assert.deepStrictEqual(spec(slots, "vs-db-db-internal").tcp.filter((r: any) => r.match[0].gateways[0] === "mesh").map((r: any) => [r.match[0].port, r.route[0].destination.port.number]), [[6000, 20001], [5000, 443], [7000, 20002]]);
    });

    it("places a pinned listener first: an application port it takes moves to a fallback", () => {
        const taken = plan([
            { name: "web", hosts: ["web.example"], ports: [{ number: 8080, protocol: "HTTP" }] },
            { name: "secure", hosts: ["secure.example"], ports: [{ number: 443, protocol: "TLS", gatewayPort: 8080 }] },
        ]);
        assert.deepStrictEqual(taken.listeners.map((l) => [l.key, l.port]), [["tls@8080", 8080], ["http:8080", 20000]]);
    });

    describe("a pinned gatewayPort", () => {
        let pinned: ReturnType<typeof plan>;
        beforeEach(() => {
            pinned = plan([{ name: "api", hosts: ["api.example"], ports: [{ number: 80, protocol: "HTTP", gatewayPort: 18080 }], allowFrom: [{ namespace: "shop" }] }]);
        });

        it("is the listener, the Gateway server, the mesh leg's destination, the gateway leg's match and the allowed port", () => {
            assert.deepStrictEqual(pinned.listeners.map((l) => l.port), [18080]);
            assert.deepStrictEqual(spec(pinned, "gw-https-18080").servers[0].port, { number: 18080, name: "https-18080", protocol: "HTTPS" });
            const http = spec(pinned, "vs-api-api-example").http;
            assert.deepStrictEqual(http[0], { name: "mesh-80", match: [{ gateways: ["mesh"], port: 80 }], route: [{ destination: { host: GW, port: { number: 18080 } } }] });
            assert.deepStrictEqual(http[1], { name: "gateway-80", match: [{ gateways: ["istio-system/egressgateway-https-18080"], port: 18080 }], route: [{ destination: { host: "api.example", port: { number: 80 } } }] });
            assert.deepStrictEqual(spec(pinned, "authz-api").rules[0].to[0].operation.ports, ["18080"]);
        });
    });
});

describe("listener lookup", () => {
    it("finds a port's listener in the allocation and in the plan's sorted list alike", () => {
        const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], services: [{ name: "db", hosts: ["db.internal"], addresses: ["10.0.0.5"], ports: [{ number: 5432, protocol: "TCP" }] }, { name: "web", hosts: ["web.example"], ports: [{ number: 80, protocol: "HTTP" }] }] });
        const [db, web] = plan.spec.services;
        const allocated = allocateListeners(plan.spec);
        assert.deepStrictEqual([listenerFor(allocated, db, db.ports[0], true).port, listenerFor(allocated, web, web.ports[0], true).port], [443, 80]);
        assert.deepStrictEqual([listenerFor(plan.listeners, db, db.ports[0], true).name, listenerFor(plan.listeners, web, web.ports[0], true).name], ["tls-443", "https-80"]);
    });
});
