// The analyzer at platform scale: host lookups through an index that agrees with Istio's host
// matching, and a cost that grows with the number of services, not its square.
import * as assert from "assert";
import { analyzeObjects, buildEgressPlan, hostMatches } from "../../components/internal";
import type { Manifest } from "../../components/internal";
import { HostIndex } from "../../components/analyze";
import { many } from "../support/scenarios";

const PATTERNS = ["*", "a.example.com", "*.example.com", "*.com", "*.a.example.com", "b.example.org", "*.b.example.org", "example.com"];
const HOSTS = [...PATTERNS, "x.a.example.com", "*.x.example.com", "example.org", "c.b.example.org", "com", "*.org"];

describe("analyzer: the host index", () => {
    const index = new HostIndex<string>();
    PATTERNS.forEach((p) => index.add(p, p));
    const withoutAny = new HostIndex<string>();
    PATTERNS.filter((p) => p !== "*").forEach((p) => withoutAny.add(p, p));

    for (const host of HOSTS) {
        it(`finds exactly the patterns that match ${host}, and those that overlap it`, () => {
            for (const [idx, patterns] of [[index, PATTERNS], [withoutAny, PATTERNS.filter((p) => p !== "*")]] as const) {
                assert.deepStrictEqual([...idx.matching(host)].sort(), patterns.filter((p) => hostMatches(p, host)).sort());
                assert.deepStrictEqual([...idx.overlapping(host)].sort(), patterns.filter((p) => hostMatches(p, host) || hostMatches(host, p)).sort());
            }
        });
    }

    it("finds nothing in an empty index", () => {
        assert.deepStrictEqual([...new HostIndex<string>().overlapping("*")], []);
        assert.deepStrictEqual([...new HostIndex<string>().matching("a.example.com")], []);
    });
});

describe("analyzer: linear in the services", function () {
    this.timeout(120_000);

    function meshObjects(count: number): Manifest[] {
        return buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], services: many(count) }).objects.filter((o) => o.cluster === "mesh").map((o) => o.manifest);
    }

    function medianMs(objects: Manifest[]): number {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
            const start = process.hrtime.bigint();
            assert.deepStrictEqual(analyzeObjects(objects), []);
            times.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        return times.sort((a, b) => a - b)[2];
    }

    it("analyzes 5,000 services in under 10 times what 1,000 take (a square would be 25 times; medians of 5, a 30 ms floor), and within 5 s", () => {
        const small = meshObjects(1000);
        const large = meshObjects(5000);
        medianMs(small);
        const t1000 = medianMs(small);
        const t5000 = medianMs(large);
        // A floor of 30 ms under the baseline: a few ms of timer and GC noise must not decide it (the square took 13 s here).
        assert.ok(t5000 < 10 * Math.max(t1000, 30), `1,000 services: ${t1000.toFixed(0)} ms, 5,000: ${t5000.toFixed(0)} ms`);
        assert.ok(t5000 < 5000, `5,000 services: ${t5000.toFixed(0)} ms`);
    });
});

describe("analyzer: what the indexes must keep", () => {
    const meta = (kind: string, name: string) => ({ apiVersion: "networking.istio.io/v1beta1", kind, metadata: { name, namespace: "istio-system", labels: {} } });
    const gatewayWorkload = { ...meta("IstioGateway", "egressgateway"), apiVersion: "istio.alibabacloud.com/v1beta1", spec: { podLabels: { app: "gw" }, ports: [{ port: 443 }, { port: 80 }] } };
    const server = (host: string, protocol: string) => ({ port: { number: 443, name: `${protocol.toLowerCase()}-443-${host}`, protocol }, hosts: [host], tls: protocol === "HTTPS" ? { mode: "ISTIO_MUTUAL" } : undefined });
    const lines = (objects: object[]) => analyzeObjects(objects as Manifest[]).map((f) => `${f.code} ${f.object}: ${f.message}`);

    it("lists a host's ports in the order its ServiceEntries come, whichever pattern matched", () => {
        const objects = [
            { ...meta("ServiceEntry", "wide"), spec: { hosts: ["*.example.com"], ports: [{ number: 443, name: "tls-443", protocol: "TLS" }], resolution: "NONE" } },
            { ...meta("ServiceEntry", "exact"), spec: { hosts: ["a.example.com"], ports: [{ number: 80, name: "http-80", protocol: "HTTP" }], resolution: "DNS" } },
            { ...meta("VirtualService", "to-a"), spec: { hosts: ["a.example.com"], http: [{ route: [{ destination: { host: "a.example.com" } }] }] } },
        ];
        assert.deepStrictEqual(lines(objects), [
            'IST0112 VirtualService/istio-system/to-a: This VirtualService routes to a service "a.example.com" that exposes multiple ports [443 80]. Specifying a port in the destination is required to disambiguate.',
        ]);
    });

    it("reports a subset of a host no DestinationRule names", () => {
        const objects = [
            { ...meta("ServiceEntry", "a"), spec: { hosts: ["a.example.com"], ports: [{ number: 80, name: "http-80", protocol: "HTTP" }], resolution: "DNS" } },
            { ...meta("VirtualService", "to-a"), spec: { hosts: ["a.example.com"], http: [{ route: [{ destination: { host: "a.example.com", subset: "s", port: { number: 80 } } }] }] } },
        ];
        assert.deepStrictEqual(lines(objects), ['IST0101 VirtualService/istio-system/to-a: Referenced host+subset in destinationrule not found: "a.example.com+s"']);
    });

    it("reports every conflicting Gateway on a selector and port, in the order they came, by host and by protocol", () => {
        const gw = (name: string, host: string, protocol: string) => ({ ...meta("Gateway", name), spec: { selector: { app: "gw" }, servers: [server(host, protocol)] } });
        const objects = [gatewayWorkload, gw("a", "x.example", "HTTPS"), gw("b", "y.example", "HTTPS"), gw("c", "y.example", "HTTP")];
        assert.deepStrictEqual(lines(objects), [
            "IST0145 Gateway/istio-system/c: Conflict with gateways Gateway/istio-system/a (workload selector app=gw, port 443): protocol HTTP differs from HTTPS.",
            "IST0145 Gateway/istio-system/c: Conflict with gateways Gateway/istio-system/b (workload selector app=gw, port 443, hosts y.example).",
        ]);
    });
});
