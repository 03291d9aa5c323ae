// Every object that names a gateway port names the listener's port, never the application's,
// when the two differ: an allocated fallback port (the application port is taken, or reserved
// by Istio) or a pinned `gatewayPort`. Expected ports are written out here, not taken from the
// allocator the builders use.
import * as assert from "assert";
import { GW, plan, spec } from "./support/plans";

describe("listener ports that differ from the application port", () => {
    // HTTP on 443 is refused, so an HTTP service on 8443 and a TLS one on 8443 clash: the TLS
    // listener (later in the allocation order) moves to 20000.
    const clash = plan(
        [
            { name: "web", hosts: ["web.example"], ports: [{ number: 8443, protocol: "HTTP" }], allowFrom: [{ namespace: "shop" }] },
            { name: "secure", hosts: ["secure.example"], ports: [{ number: 8443, protocol: "TLS" }], allowFrom: [{ namespace: "shop" }] },
        ],
        { bypassProtection: { namespaces: ["shop"], allowedCidrs: ["192.168.0.1/32"], provider: undefined as never } },
    );

    it("allocates the fallback port and exposes exactly the listener ports on the IstioGateway", () => {
        assert.deepStrictEqual(clash.listeners.map((l) => [l.name, l.port]), [["https-8443", 8443], ["tls-20000", 20000]]);
        assert.deepStrictEqual(spec(clash, "gateway").ports.map((p: any) => [p.name, p.port, p.targetPort]), [["https-8443", 8443, 8443], ["tls-20000", 20000, 20000]]);
    });

    it("puts the Gateway server on the fallback port", () => {
        assert.deepStrictEqual(spec(clash, "gw-secure").servers.map((s: any) => s.port), [{ number: 20000, name: "tls-20000", protocol: "TLS" }]);
    });

    it("sends the mesh leg to the fallback port, matched on the application port", () => {
        const tls = spec(clash, "vs-secure-secure-example").tls;
        assert.deepStrictEqual(tls[0].match, [{ gateways: ["mesh"], port: 8443, sniHosts: ["secure.example"] }]);
        assert.deepStrictEqual(tls[0].route, [{ destination: { host: GW, subset: "secure-example", port: { number: 20000 } } }]);
    });

    it("matches the gateway leg on the fallback port and forwards to the application port", () => {
        const tcp = spec(clash, "vs-secure-secure-example").tcp;
        assert.deepStrictEqual(tcp[0].match, [{ gateways: ["istio-system/egressgateway-secure"], port: 20000 }]);
        assert.deepStrictEqual(tcp[0].route, [{ destination: { host: "secure.example", port: { number: 8443 } } }]);
    });

    it("sets the gateway subset's mutual TLS on the fallback port", () => {
        assert.deepStrictEqual(spec(clash, "dr-secure").subsets[0].trafficPolicy.portLevelSettings, [{ port: { number: 20000 }, tls: { mode: "ISTIO_MUTUAL", sni: "secure.example" } }]);
    });

    it("allows the fallback port in the AuthorizationPolicy", () => {
        assert.deepStrictEqual(spec(clash, "authz-secure").rules[0].to, [{ operation: { ports: ["20000"] } }]);
        assert.deepStrictEqual(spec(clash, "authz-web").rules[0].to[0].operation.ports, ["8443"]);
    });

    it("opens the fallback port in the bypass NetworkPolicy", () => {
        const netpol = clash.objects.find((o) => o.id === "netpol-shop")!.manifest.spec as any;
        const gatewayRule = netpol.egress.find((r: any) => r.ports?.some((p: any) => p.port === 8443));
        assert.deepStrictEqual(gatewayRule.ports, [{ protocol: "TCP", port: 8443 }, { protocol: "TCP", port: 20000 }]);
    });

    it("skips Istio's reserved ports 15000-15099 for a listener", () => {
        const reserved = plan([{ name: "admin", hosts: ["admin.example"], ports: [{ number: 15021, protocol: "HTTP" }] }]);
        assert.deepStrictEqual(reserved.listeners.map((l) => l.port), [20000]);
        assert.deepStrictEqual(spec(reserved, "vs-admin-admin-example").http[0].route[0].destination.port, { number: 20000 });
        assert.deepStrictEqual(spec(reserved, "vs-admin-admin-example").http[0].match, [{ gateways: ["mesh"], port: 15021 }]);
    });

    describe("a pinned gatewayPort", () => {
        const pinned = plan([{ name: "api", hosts: ["api.example"], ports: [{ number: 80, protocol: "HTTP", gatewayPort: 18080 }], allowFrom: [{ namespace: "shop" }] }]);

        it("is the listener, the Gateway server, the mesh leg's destination, the gateway leg's match and the allowed port", () => {
            assert.deepStrictEqual(pinned.listeners.map((l) => l.port), [18080]);
            assert.deepStrictEqual(spec(pinned, "gw-api").servers[0].port, { number: 18080, name: "https-18080", protocol: "HTTPS" });
            const http = spec(pinned, "vs-api-api-example").http;
            assert.deepStrictEqual(http[0], { name: "mesh-80", match: [{ gateways: ["mesh"], port: 80 }], route: [{ destination: { host: GW, subset: "api-example", port: { number: 18080 } } }] });
            assert.deepStrictEqual(http[1], { name: "gateway-80", match: [{ gateways: ["istio-system/egressgateway-api"], port: 18080 }], route: [{ destination: { host: "api.example", port: { number: 80 } } }] });
            assert.deepStrictEqual(spec(pinned, "authz-api").rules[0].to[0].operation.ports, ["18080"]);
        });
    });
});
