// The routing objects in detail: port lists in
// ascending order whatever the input order, the names of the origination and upstream objects,
// what a wildcard with an upstream does not get, and the gateway subsets without mutual TLS.
// Expected values are written out here.
import * as assert from "assert";
import { bypassNetworkPolicy } from "../../components/outbound";
import { plan, spec } from "../support/plans";

function nameOf(p: ReturnType<typeof plan>, id: string): string {
    return p.objects.find((o) => o.id === id)!.manifest.metadata.name;
}

describe("routing object details", () => {
    it("lists ServiceEntry ports, gateway ports and SNI subset ports in ascending order, whatever the input order", () => {
        const p = plan([
            { name: "multi", hosts: ["multi.example"], ports: [{ number: 9090, protocol: "HTTP" }, { number: 8080, protocol: "HTTP" }] },
            { name: "db", hosts: ["db.internal"], addresses: ["10.1.0.5"], ports: [{ number: 7000, protocol: "TCP", gatewayPort: 21000 }, { number: 6000, protocol: "TCP", gatewayPort: 20500 }] },
            // Pinned listeners are allocated first; the shared SNI listener on 443 still comes first in every list.
            { name: "git", hosts: ["git.example"], ports: [{ number: 8443, protocol: "TLS" }] },
        ]);
        assert.deepStrictEqual(spec(p, "se-multi").ports, [{ number: 8080, name: "http-8080", protocol: "HTTP" }, { number: 9090, name: "http-9090", protocol: "HTTP" }]);
        assert.deepStrictEqual(spec(p, "dr-gateway").trafficPolicy.portLevelSettings.map((s: any) => s.port.number), [443, 8080, 9090, 20500, 21000]);
        assert.deepStrictEqual(spec(p, "dr-sni").trafficPolicy.portLevelSettings.map((s: any) => s.port.number), [443, 20500, 21000]);
        assert.deepStrictEqual(spec(p, "dr-sni").subsets[0].trafficPolicy.portLevelSettings.map((s: any) => s.port.number), [20500, 21000]);
        assert.deepStrictEqual(spec(p, "se-sni").ports.map((s: any) => s.number), [443, 20500, 21000]);
        assert.deepStrictEqual(p.objects.filter((o) => o.manifest.kind === "Gateway").map((o) => o.id), ["gw-tls-443", "gw-https-8080", "gw-https-9090", "gw-tls-20500", "gw-tls-21000"]);
    });

    it("orders the SNI subsets by name and a listener's servers and hosts by host, whatever the input order", () => {
        const p = plan([
            { name: "zeta", hosts: ["zeta.example", "alpha.example"], ports: [{ number: 443, protocol: "TLS" }] },
            { name: "mid", hosts: ["mid.example"], ports: [{ number: 443, protocol: "TLS" }, { number: 80, protocol: "HTTP" }] },
            { name: "web", hosts: ["web.example", "beta.example"], ports: [{ number: 80, protocol: "HTTP" }] },
        ]);
        assert.deepStrictEqual(spec(p, "dr-sni").subsets.map((s: any) => s.name), ["alpha-example", "mid-example", "zeta-example"]);
        assert.deepStrictEqual(spec(p, "gw-tls-443").servers.map((s: any) => s.hosts[0]), ["alpha.example", "mid.example", "zeta.example"]);
        assert.deepStrictEqual(spec(p, "gw-https-80").servers[0].hosts, ["https-80.egressgateway.mesh-egress.internal", "beta.example", "mid.example", "web.example"]);
        assert.deepStrictEqual(spec(p, "vs-mid-mid-example").gateways, ["istio-system/egressgateway-https-80", "istio-system/egressgateway-tls-443", "mesh"]);
        // A service with HTTP and TLS ports waits for both rules toward the gateway; an HTTP-only one for the Service's alone.
        assert.deepStrictEqual(p.objects.find((o) => o.id === "vs-mid-mid-example")!.dependsOn, ["se-mid", "gw-tls-443", "gw-https-80", "dr-gateway", "se-sni", "dr-sni"]);
        assert.deepStrictEqual(p.objects.find((o) => o.id === "vs-web-web-example")!.dependsOn, ["se-web", "gw-https-80", "dr-gateway"]);
    });

    it("names the origination ServiceEntry and DestinationRule after the service and host, ports ascending", () => {
        const p = plan([{ name: "orig", hosts: ["api.orig.example"], ports: [{ number: 8081, protocol: "HTTP", tlsOrigination: { port: 9443 } }, { number: 8080, protocol: "HTTP", tlsOrigination: { port: 8443 } }] }]);
        assert.strictEqual(nameOf(p, "se-orig-tls-api-orig-example"), "egressgateway-orig-tls-api-orig-example");
        assert.deepStrictEqual(spec(p, "se-orig-tls-api-orig-example").ports, [{ number: 8443, name: "https-8443", protocol: "HTTPS" }, { number: 9443, name: "https-9443", protocol: "HTTPS" }]);
        assert.strictEqual(nameOf(p, "dr-orig-tls-api-orig-example"), "egressgateway-orig-tls-api-orig-example");
        assert.deepStrictEqual(spec(p, "dr-orig-tls-api-orig-example").trafficPolicy.portLevelSettings.map((s: any) => s.port.number), [8443, 9443]);
    });

    it("gives a wildcard with an upstream one upstream entry (HTTPS ports for origination, ascending) and no per-host origination entry", () => {
        const p = plan([{ name: "w", hosts: ["*.w.example"], upstreamHost: "edge.w.example", ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { port: 8443 } }, { number: 8080, protocol: "HTTP", tlsOrigination: {} }] }]);
        assert.deepStrictEqual(p.objects.filter((o) => o.id.startsWith("se-")).map((o) => o.id), ["se-w", "se-w-upstream"]);
        assert.strictEqual(nameOf(p, "se-w-upstream"), "egressgateway-w-upstream");
        assert.deepStrictEqual(spec(p, "se-w-upstream"), {
            hosts: ["edge.w.example"],
            location: "MESH_EXTERNAL",
            ports: [{ number: 443, name: "https-443", protocol: "HTTPS" }, { number: 8443, name: "https-8443", protocol: "HTTPS" }],
            resolution: "DNS",
            exportTo: ["."],
        });
        assert.strictEqual(spec(p, "dr-w-tls-edge-w-example").host, "edge.w.example");
    });

    it("disables TLS toward every gateway port when sidecar-to-gateway mutual TLS is off", () => {
        const p = plan(
            [
                { name: "plain", hosts: ["plain.example"], ports: [{ number: 80, protocol: "HTTP" }] },
                { name: "git", hosts: ["git.example"], ports: [{ number: 443, protocol: "TLS" }] },
            ],
            { gateway: { mutualTls: false } },
        );
        assert.deepStrictEqual(spec(p, "dr-gateway"), { host: "istio-egressgateway.istio-system.svc.cluster.local", exportTo: ["*"], trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "DISABLE" } }, { port: { number: 443 }, tls: { mode: "DISABLE" } }] } });
    });

    it("matches TCP by destination subnet on the mesh leg only", () => {
        const p = plan([{ name: "db", hosts: ["db.internal"], addresses: ["10.1.0.0/24"], endpoints: ["10.1.0.5"], ports: [{ number: 5432, protocol: "TCP" }] }]);
        assert.deepStrictEqual(spec(p, "vs-db-db-internal").tcp.map((r: any) => r.match), [
            [{ gateways: ["mesh"], port: 5432, destinationSubnets: ["10.1.0.0/24"] }],
            [{ gateways: ["istio-system/egressgateway-tls-443"], port: 443 }],
        ]);
    });
});

describe("AuthorizationPolicy details", () => {
    it("allows a wildcard HTTP host as it is (no host:port form) and ports in ascending order", () => {
        const p = plan([
            { name: "cdn", hosts: ["*.cdn.example"], upstreamHost: "edge.cdn.example", ports: [{ number: 80, protocol: "HTTP" }], allowFrom: [{ namespace: "web" }] },
            { name: "multi", hosts: ["multi.example"], ports: [{ number: 9090, protocol: "HTTP" }, { number: 8080, protocol: "HTTP" }], allowFrom: [{ namespace: "web" }] },
        ]);
        assert.deepStrictEqual(spec(p, "authz-cdn").rules, [{ from: [{ source: { namespaces: ["web"] } }], to: [{ operation: { ports: ["80"], hosts: ["*.cdn.example"] } }] }]);
        assert.deepStrictEqual(spec(p, "authz-multi").rules, [{ from: [{ source: { namespaces: ["web"] } }], to: [{ operation: { ports: ["8080", "9090"], hosts: ["multi.example", "multi.example:*"] } }] }]);
    });
});

describe("bypass NetworkPolicy details", () => {
    it("opens the gateway's listener ports in ascending order, whatever order they come in", () => {
        const gateway = { name: "egressgateway", selector: { "mesh-egress.io/gateway": "egressgateway" } } as never;
        const listeners = [20000, 80, 443].map((port) => ({ key: `k${port}`, family: "http", port, name: `https-${port}`, protocol: "HTTPS" })) as never;
        const policy = bypassNetworkPolicy(gateway, listeners, "shop", ["192.168.0.1/32"]);
        assert.deepStrictEqual((policy.spec as any).egress[0].ports, [{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: 443 }, { protocol: "TCP", port: 20000 }]);
    });
});

describe("upstream and origination objects", () => {
    it("names the gateway by SNI with the upstream for a wildcard and with the host itself for a concrete host", () => {
        const p = plan([{ name: "w", hosts: ["*.w.example", "w.example"], upstreamHost: "edge.w.example", ports: [{ number: 443, protocol: "TLS" }] }]);
        assert.deepStrictEqual(spec(p, "dr-sni").subsets.map((s: any) => [s.name, s.trafficPolicy.portLevelSettings[0].tls.sni]), [["w-example", "w.example"], ["wildcard-w-example", "edge.w.example"]]);
    });

    it("are Istio networking v1beta1 objects of the right kind", () => {
        const p = plan([
            { name: "w", hosts: ["*.w.example"], upstreamHost: "edge.w.example", ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { port: 8443 } }] },
            { name: "orig", hosts: ["api.orig.example"], ports: [{ number: 8081, protocol: "HTTP", tlsOrigination: {} }] },
        ]);
        const typeOf = (id: string) => {
            const m = p.objects.find((o) => o.id === id)!.manifest;
            return [m.apiVersion, m.kind];
        };
        assert.deepStrictEqual(typeOf("se-w-upstream"), ["networking.istio.io/v1beta1", "ServiceEntry"]);
        assert.deepStrictEqual(typeOf("se-orig-tls-api-orig-example"), ["networking.istio.io/v1beta1", "ServiceEntry"]);
        assert.deepStrictEqual(typeOf("dr-w-tls-edge-w-example"), ["networking.istio.io/v1beta1", "DestinationRule"]);
        assert.deepStrictEqual(typeOf("dr-orig-tls-api-orig-example"), ["networking.istio.io/v1beta1", "DestinationRule"]);
    });
});
