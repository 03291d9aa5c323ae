// The preview-time analyzer and schema checks: every scenario and example is clean, and each
// check catches an object broken on purpose; then the finer points: host matching, the exact
// text of each finding (written to read like istioctl's), and the near misses that must not be reported.
import * as assert from "assert";
import { Finding, GeneratedObjectsError, Manifest, analyzeObjects, assertPlanClean, buildEgressPlan, hostMatches, planFindings, schemaFindings } from "../../components/internal";
import { SCENARIOS, exampleFiles } from "../support/scenarios";

// Loosely typed: the tests break objects on purpose.
function meshObjects(name: keyof typeof SCENARIOS): any[] {
    return buildEgressPlan(SCENARIOS[name]).objects.filter((o) => o.cluster === "mesh").map((o) => structuredClone(o.manifest));
}

function find(objects: Manifest[], kind: string, name: string): any {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    assert.ok(found, `${kind}/${name} not generated`);
    return found;
}

function codes(findings: Finding[]): string[] {
    return findings.map((f) => `${f.code} ${f.object}`);
}

describe("generated objects pass the analyzer and schema checks", () => {
    for (const name of Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) {
        it(`scenario ${name}`, () => {
            assert.deepStrictEqual(planFindings(buildEgressPlan(SCENARIOS[name])), []);
        });
    }
    for (const example of exampleFiles()) {
        it(`example ${example.name}`, () => {
            assert.deepStrictEqual(planFindings(buildEgressPlan(example.args)), []);
        });
    }
    it("covers at least the aliyun and mixed examples", () => {
        assert.deepStrictEqual(exampleFiles().map((e) => e.name).sort(), ["aliyun", "mixed", "observe"]);
    });
});

describe("each analyzer check catches a broken object", () => {
    it("IST0101: VirtualService bound to a Gateway that does not exist", () => {
        const objects = meshObjects("http");
        find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.gateways = ["istio-system/nope", "mesh"];
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0101 VirtualService/istio-system/egressgateway-aliyun-aliyun-com"]);
        assert.match(analyzeObjects(objects)[0].message, /Referenced gateway not found: "istio-system\/nope"/);
    });

    it("IST0101: route to an unregistered host", () => {
        const objects = meshObjects("http");
        find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.http[1].route[0].destination.host = "aliyun.cn";
        assert.deepStrictEqual(analyzeObjects(objects).map((f) => f.message), ['Referenced host not found: "aliyun.cn"']);
    });

    it("IST0101: route to a subset no DestinationRule defines", () => {
        const objects = meshObjects("tcp");
        // reports-db.internal is on two SNI listeners, and its subset carries both.
        find(objects, "DestinationRule", "egressgateway-sni").spec.subsets[1].name = "renamed";
        const findings = analyzeObjects(objects);
        assert.deepStrictEqual(codes(findings), ["IST0101 VirtualService/istio-system/egressgateway-reports-db-reports-db-internal", "IST0101 VirtualService/istio-system/egressgateway-reports-db-reports-db-internal"]);
        assert.match(findings[0].message, /host\+subset in destinationrule not found: "sni.egressgateway.mesh-egress.internal\+reports-db-internal"/);
    });

    it("IST0101: Gateway selector that matches no gateway pods", () => {
        const objects = meshObjects("http");
        find(objects, "Gateway", "egressgateway-https-80").spec.selector = { istio: "egressgateway" };
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0101 Gateway/istio-system/egressgateway-https-80"]);
    });

    it("IST0109: two mesh VirtualServices for one host", () => {
        const objects = meshObjects("http");
        const copy = structuredClone(find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com"));
        copy.metadata.name = "duplicate";
        objects.push(copy);
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0109 VirtualService/istio-system/egressgateway-aliyun-aliyun-com", "IST0109 VirtualService/istio-system/duplicate"]);
    });

    it("IST0112: destination without a port on a host with several ports", () => {
        const objects = meshObjects("http");
        delete find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.http[0].route[0].destination.port;
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0112 VirtualService/istio-system/egressgateway-aliyun-aliyun-com"]);
    });

    it("IST0128: TLS origination without CA certificates at destination level", () => {
        const objects = meshObjects("tls-origination");
        const dr = find(objects, "DestinationRule", "egressgateway-payments-tls-api-pay-example");
        dr.spec.trafficPolicy.tls = { mode: "SIMPLE" };
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0128 DestinationRule/istio-system/egressgateway-payments-tls-api-pay-example"]);
    });

    it("IST0129: TLS origination without CA certificates at port level", () => {
        const objects = meshObjects("tls-origination");
        delete find(objects, "DestinationRule", "egressgateway-payments-tls-api-pay-example").spec.trafficPolicy.portLevelSettings[0].tls.caCertificates;
        const findings = analyzeObjects(objects);
        assert.deepStrictEqual(codes(findings), ["IST0129 DestinationRule/istio-system/egressgateway-payments-tls-api-pay-example"]);
        assert.match(findings[0].message, /TLS mode set to SIMPLE but no caCertificates .* host: api-pay-example.tls-origination.egressgateway.mesh-egress.internal at port 443/);
    });

    it("IST0129: a client credential only verifies the server on a gateway-selected rule", () => {
        const objects = meshObjects("mutual-tls-origination");
        delete find(objects, "DestinationRule", "egressgateway-bank-tls-api-bank-example").spec.workloadSelector;
        const found = codes(analyzeObjects(objects));
        assert.ok(found.includes("IST0129 DestinationRule/istio-system/egressgateway-bank-tls-api-bank-example"), found.join());
    });

    it("IST0132: VirtualService host the Gateway does not serve", () => {
        const objects = meshObjects("http");
        for (const server of find(objects, "Gateway", "egressgateway-https-80").spec.servers) server.hosts = ["aliyun.com"];
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0132 VirtualService/istio-system/egressgateway-aliyun-www-aliyun-com"]);
    });

    it("IST0134: TCP ServiceEntry without addresses", () => {
        const objects = meshObjects("tcp");
        delete find(objects, "ServiceEntry", "egressgateway-orders-db").spec.addresses;
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0134 ServiceEntry/istio-system/egressgateway-orders-db"]);
    });

    it("IST0145: two Gateways claim the same host on one port", () => {
        const objects = meshObjects("mixed");
        find(objects, "Gateway", "egressgateway-tls-20000").spec.servers[0].port.number = 443;
        find(objects, "Gateway", "egressgateway-tls-20000").spec.servers[0].hosts = ["github.com"];
        const found = codes(analyzeObjects(objects));
        assert.ok(found.includes("IST0145 Gateway/istio-system/egressgateway-tls-20000"), found.join());
    });

    it("IST0145: two Gateways with different protocols on one port", () => {
        const objects = meshObjects("mixed");
        find(objects, "Gateway", "egressgateway-https-8080").spec.servers[0].port.number = 443;
        const findings = analyzeObjects(objects).filter((f) => f.code === "IST0145");
        assert.ok(findings.length > 0);
        assert.match(findings[0].message, /protocol .* differs/);
    });

    it("IST0162: Gateway listening on a port the gateway Service lacks", () => {
        const objects = meshObjects("http");
        const gateway = find(objects, "IstioGateway", "egressgateway");
        gateway.spec.ports = gateway.spec.ports.filter((p: { port: number }) => p.port !== 8080);
        const findings = analyzeObjects(objects);
        assert.deepStrictEqual(codes(findings), ["IST0162 Gateway/istio-system/egressgateway-https-8080"]);
        assert.match(findings[0].message, /target port \(port 8080\)/);
    });

    it("IST0173: DestinationRule subset that selects no gateway pods", () => {
        const objects = meshObjects("http");
        find(objects, "DestinationRule", "egressgateway-gateway").spec.subsets = [{ name: "v2", labels: { version: "v2" } }];
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0173 DestinationRule/istio-system/egressgateway-gateway"]);
    });

    it("IST0106: CIDR addresses with DNS resolution", () => {
        const objects = meshObjects("tcp");
        find(objects, "ServiceEntry", "egressgateway-orders-db").spec.resolution = "DNS";
        assert.deepStrictEqual(analyzeObjects(objects).map((f) => f.message), ["Schema validation error: CIDR addresses are allowed only for NONE/STATIC resolution types"]);
    });

    it("IST0106: duplicate ServiceEntry port numbers and names", () => {
        const objects = meshObjects("http");
        const se = find(objects, "ServiceEntry", "egressgateway-aliyun");
        se.spec.ports.push({ ...se.spec.ports[0] });
        assert.deepStrictEqual(analyzeObjects(objects).map((f) => f.message), ["Schema validation error: duplicate port number in ServiceEntry", "Schema validation error: duplicate port name in ServiceEntry"]);
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0106 ServiceEntry/istio-system/egressgateway-aliyun", "IST0106 ServiceEntry/istio-system/egressgateway-aliyun"]);
    });

    it("IST0106: duplicate server port names in one Gateway", () => {
        const objects = meshObjects("https-passthrough");
        const gw = find(objects, "Gateway", "egressgateway-tls-443");
        gw.spec.servers[1].port.name = gw.spec.servers[0].port.name;
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0106 Gateway/istio-system/egressgateway-tls-443"]);
    });

    it("IST0106: workload-selected DestinationRule exported beyond its namespace", () => {
        const objects = meshObjects("tls-origination");
        find(objects, "DestinationRule", "egressgateway-payments-tls-api-pay-example").spec.exportTo = ["*"];
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0106 DestinationRule/istio-system/egressgateway-payments-tls-api-pay-example"]);
    });

    it("IST0106: STATIC ServiceEntry without endpoints", () => {
        const objects = meshObjects("tcp");
        find(objects, "ServiceEntry", "egressgateway-orders-db").spec.endpoints = [];
        assert.deepStrictEqual(codes(analyzeObjects(objects)), ["IST0106 ServiceEntry/istio-system/egressgateway-orders-db"]);
    });
});

describe("schema checks", () => {
    it("reject a bad enum in an Istio object", () => {
        const objects = meshObjects("http");
        find(objects, "ServiceEntry", "egressgateway-aliyun").spec.resolution = "DNS_ROUND_ROBINX";
        const findings = schemaFindings(objects);
        assert.deepStrictEqual(codes(findings), ["IST0106 ServiceEntry/istio-system/egressgateway-aliyun"]);
        assert.match(findings[0].message, /resolution must be equal to one of the allowed values/);
    });

    it("reject a wrong type in a VirtualService", () => {
        const objects = meshObjects("http");
        find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.http[0].match[0].port = "80";
        assert.match(schemaFindings(objects)[0].message, /port must be integer/);
    });

    it("reject an unknown field and a bad port in the IstioGateway", () => {
        const objects = meshObjects("http");
        const gateway = find(objects, "IstioGateway", "egressgateway");
        gateway.spec.replicas = 2;
        gateway.spec.ports[0].port = 70000;
        const messages = schemaFindings(objects).map((f) => f.message);
        assert.ok(messages.some((m) => m.includes("must NOT have additional properties (replicas)")), messages.join("\n"));
        assert.ok(messages.some((m) => m.includes("/spec/ports/0/port must be <= 65535")), messages.join("\n"));
    });

    it("reject an IstioGateway outside istio-system", () => {
        const objects = meshObjects("http");
        find(objects, "IstioGateway", "egressgateway").metadata.namespace = "default";
        assert.match(schemaFindings(objects)[0].message, /\/metadata\/namespace must be equal to constant/);
    });
});

describe("the preview-time self-check", () => {
    it("throws one error listing every finding of a broken plan", () => {
        const plan = buildEgressPlan(SCENARIOS.http);
        const vs = plan.objects.find((o) => o.id === "vs-aliyun-aliyun-com")!.manifest as any;
        vs.spec.http[1].route[0].destination.host = "aliyun.cn";
        assert.throws(() => assertPlanClean(plan, 'MeshEgress "self-check"'), (e: unknown) => {
            assert.ok(e instanceof GeneratedObjectsError);
            assert.strictEqual(e.name, "GeneratedObjectsError");
            assert.deepStrictEqual(e.findings.map((f) => f.code), ["IST0101"]);
            assert.strictEqual(e.message, [
                'MeshEgress "self-check" would generate objects that Istio rejects (please report this as a mesh-egress bug):',
                '  - IST0101 VirtualService/istio-system/egressgateway-aliyun-aliyun-com: Referenced host not found: "aliyun.cn"',
            ].join("\n"));
            return true;
        });
    });

    it("passes for a clean plan, and finds nothing in it", () => {
        const plan = buildEgressPlan(SCENARIOS.mixed);
        assert.deepStrictEqual(planFindings(plan), []);
        assert.strictEqual(assertPlanClean(plan, "mixed"), undefined);
    });
});

/** Every finding as one line: code, object and message. */
function lines(objects: Manifest[]): string[] {
    return analyzeObjects(objects).map((f) => `${f.code} ${f.object}: ${f.message}`);
}

describe("analyzer host matching", () => {
    const cases: [string, string, boolean][] = [
        ["*", "anything.example", true],
        ["api.example", "api.example", true],
        ["api.example", "web.example", false],
        ["*.example", "api.example", true],
        ["*.example", "a.b.example", true],
        ["*.example", "example", false],
        ["*.example", "api.example.org", false],
        ["*.example", "*.example", true],
        ["*.example", "*.sub.example", true],
        ["*.sub.example", "*.example", false],
        ["api.example", "*.example", false],
        ["x*.example", "x*.example", true],
        ["x*.example", "xa.example", false],
    ];
    for (const [pattern, host, expected] of cases) {
        it(`${pattern} ${expected ? "matches" : "does not match"} ${host}`, () => {
            assert.strictEqual(hostMatches(pattern, host), expected);
        });
    }
});

describe("analyzer findings, word for word", () => {
    it("IST0101 for a missing gateway names it, qualified by the VirtualService's namespace when unqualified", () => {
        const objects = meshObjects("http");
        find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.gateways = ["nope", "mesh"];
        assert.deepStrictEqual(lines(objects), ['IST0101 VirtualService/istio-system/egressgateway-aliyun-aliyun-com: Referenced gateway not found: "istio-system/nope"']);
    });

    it("an unqualified reference to an existing Gateway resolves in the VirtualService's namespace", () => {
        const objects = meshObjects("http");
        find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.gateways = ["egressgateway-https-80", "istio-system/egressgateway-https-8080", "mesh"];
        assert.deepStrictEqual(lines(objects), []);
    });

    it("IST0132 lists the hosts the Gateway does not serve", () => {
        const objects = meshObjects("http");
        for (const server of find(objects, "Gateway", "egressgateway-https-8080").spec.servers) server.hosts = ["istio-system/aliyun.com"];
        assert.deepStrictEqual(lines(objects), [
            "IST0132 VirtualService/istio-system/egressgateway-aliyun-www-aliyun-com: one or more host [www.aliyun.com] defined in VirtualService VirtualService/istio-system/egressgateway-aliyun-www-aliyun-com not found in Gateway istio-system/egressgateway-https-8080.",
        ]);
    });

    it("a VirtualService without gateways is bound to the mesh", () => {
        const objects = meshObjects("http");
        const copy = structuredClone(find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com"));
        copy.metadata.name = "unbound";
        delete copy.spec.gateways;
        copy.spec.http = [copy.spec.http[0]];
        delete copy.spec.http[0].match;
        objects.push(copy);
        assert.deepStrictEqual(lines(objects), [
            "IST0109 VirtualService/istio-system/egressgateway-aliyun-aliyun-com: The VirtualServices egressgateway-aliyun-aliyun-com,unbound associated with mesh gateway define the same host aliyun.com which can lead to undefined behavior.",
            "IST0109 VirtualService/istio-system/unbound: The VirtualServices egressgateway-aliyun-aliyun-com,unbound associated with mesh gateway define the same host aliyun.com which can lead to undefined behavior.",
        ]);
    });

    it("two VirtualServices for one host are no conflict when one is bound only to a Gateway", () => {
        const objects = meshObjects("http");
        const copy = structuredClone(find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com"));
        copy.metadata.name = "gateway-only";
        copy.spec.gateways = ["istio-system/egressgateway-https-80"];
        objects.push(copy);
        assert.deepStrictEqual(lines(objects), []);
    });

    it("IST0112 lists the host's ports, once each, when a destination has no port", () => {
        const objects = meshObjects("http");
        const twin = structuredClone(find(objects, "ServiceEntry", "egressgateway-aliyun"));
        twin.metadata.name = "twin";
        objects.push(twin);
        delete find(objects, "VirtualService", "egressgateway-aliyun-aliyun-com").spec.http[1].route[0].destination.port;
        assert.deepStrictEqual(lines(objects), [
            'IST0112 VirtualService/istio-system/egressgateway-aliyun-aliyun-com: This VirtualService routes to a service "aliyun.com" that exposes multiple ports [80 8080]. Specifying a port in the destination is required to disambiguate.',
        ]);
    });

    it("no IST0112 when the destination's host has a single port", () => {
        const objects = meshObjects("tls-passthrough");
        const vs = objects.find((o) => o.kind === "VirtualService");
        for (const rule of vs.spec.tcp ?? []) for (const r of rule.route) delete r.destination.port;
        assert.deepStrictEqual(lines(objects), []);
    });

    it("IST0101 for a subset names host and subset, looking only at that host's DestinationRules", () => {
        // Another host's rule still defines the subset the route names; it must not count.
        const objects = meshObjects("https-passthrough");
        const other = structuredClone(find(objects, "DestinationRule", "egressgateway-sni"));
        other.metadata.name = "other-host";
        other.spec.host = "other.example";
        objects.push(other);
        find(objects, "DestinationRule", "egressgateway-sni").spec.subsets[1].name = "renamed";
        assert.deepStrictEqual(lines(objects), ['IST0101 VirtualService/istio-system/egressgateway-github-github-com: Referenced host+subset in destinationrule not found: "sni.egressgateway.mesh-egress.internal+github-com"']);
    });

    it("IST0101 for a selector matching no gateway pods names the selector; every label must match", () => {
        const objects = meshObjects("http");
        find(objects, "Gateway", "egressgateway-https-80").spec.selector = { "mesh-egress.io/gateway": "egressgateway", tier: "edge" };
        assert.deepStrictEqual(lines(objects), ['IST0101 Gateway/istio-system/egressgateway-https-80: Referenced selector not found: "mesh-egress.io/gateway=egressgateway,tier=edge"']);
    });

    it("IST0106 names the duplicated server port name", () => {
        const objects = meshObjects("https-passthrough");
        const gw = find(objects, "Gateway", "egressgateway-tls-443");
        gw.spec.servers[1].port.name = gw.spec.servers[0].port.name;
        assert.deepStrictEqual(lines(objects), ["IST0106 Gateway/istio-system/egressgateway-tls-443: Schema validation error: port names in servers must be unique: duplicate name tls-443-api-github-com"]);
    });

    it("a Gateway's own servers on one port never conflict with each other", () => {
        const objects = meshObjects("https-passthrough");
        find(objects, "Gateway", "egressgateway-tls-443").spec.servers[1].hosts = ["github.com", "api.github.com"];
        assert.deepStrictEqual(lines(objects).filter((l) => l.startsWith("IST0145")), []);
    });

    it("IST0145 names the other Gateway, the selector, the port and only the overlapping hosts, wildcards included", () => {
        const objects = meshObjects("mixed");
        const second = find(objects, "Gateway", "egressgateway-tls-20000");
        second.spec.servers[0].port.number = 443;
        second.spec.servers[0].hosts = ["*.github.com", "smtp.mail.example.net"];
        const found = lines(objects).filter((l) => l.startsWith("IST0145"));
        assert.deepStrictEqual(found, [
            // Only api.github.com's server: *.github.com does not cover github.com itself.
            "IST0145 Gateway/istio-system/egressgateway-tls-20000: Conflict with gateways Gateway/istio-system/egressgateway-tls-443 (workload selector mesh-egress.io/gateway=egressgateway, port 443, hosts *.github.com).",
        ]);
    });

    it("IST0145 names both protocols when Gateways share a port but not hosts", () => {
        const objects = meshObjects("mixed");
        find(objects, "Gateway", "egressgateway-https-8080").spec.servers[0].port.number = 443;
        const found = lines(objects).filter((l) => l.startsWith("IST0145"));
        assert.ok(found.includes("IST0145 Gateway/istio-system/egressgateway-https-8080: Conflict with gateways Gateway/istio-system/egressgateway-tls-443 (workload selector mesh-egress.io/gateway=egressgateway, port 443): protocol HTTPS differs from TLS."), found.join("\n"));
    });

    it("IST0134 when any port of an address-less ServiceEntry is TCP or has no protocol", () => {
        const objects = meshObjects("http");
        const se = find(objects, "ServiceEntry", "egressgateway-aliyun");
        se.spec.ports.push({ number: 9000, name: "raw-9000" });
        assert.deepStrictEqual(lines(objects), ["IST0134 ServiceEntry/istio-system/egressgateway-aliyun: ServiceEntry addresses are required for this protocol."]);
    });

    it("IST0106 for DNS resolution only with a CIDR wider than one address", () => {
        const objects = meshObjects("tcp");
        const se = find(objects, "ServiceEntry", "egressgateway-reports-db");
        se.spec.resolution = "DNS";
        se.spec.addresses = ["10.30.0.7", "10.30.0.8/32", "not-an-address"];
        assert.deepStrictEqual(lines(objects), []);
        se.spec.addresses = ["10.30.0.0/31"];
        assert.deepStrictEqual(lines(objects), ["IST0106 ServiceEntry/istio-system/egressgateway-reports-db: Schema validation error: CIDR addresses are allowed only for NONE/STATIC resolution types"]);
    });

    it("IST0106 for a STATIC ServiceEntry with no endpoints field at all", () => {
        const objects = meshObjects("tcp");
        delete find(objects, "ServiceEntry", "egressgateway-orders-db").spec.endpoints;
        assert.deepStrictEqual(lines(objects), ["IST0106 ServiceEntry/istio-system/egressgateway-orders-db: Schema validation error: endpoints must be provided for STATIC resolution"]);
    });

    it("no IST0106 for a STATIC ServiceEntry whose endpoints are the workloads it selects", () => {
        const objects = meshObjects("tcp");
        assert.deepStrictEqual(lines(objects), []);
        delete find(objects, "ServiceEntry", "egressgateway-sni").spec.workloadSelector;
        assert.deepStrictEqual(lines(objects), ["IST0106 ServiceEntry/istio-system/egressgateway-sni: Schema validation error: endpoints must be provided for STATIC resolution"]);
    });

    it("IST0128 and IST0129 name the rule, its namespace, the mode, the host and the port", () => {
        const objects = meshObjects("tls-origination");
        const dr = find(objects, "DestinationRule", "egressgateway-payments-tls-api-pay-example");
        dr.spec.trafficPolicy.tls = { mode: "MUTUAL" };
        dr.spec.trafficPolicy.portLevelSettings.push({ tls: { mode: "SIMPLE" } });
        assert.deepStrictEqual(lines(objects), [
            "IST0128 DestinationRule/istio-system/egressgateway-payments-tls-api-pay-example: DestinationRule egressgateway-payments-tls-api-pay-example in namespace istio-system has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api-pay-example.tls-origination.egressgateway.mesh-egress.internal",
            "IST0129 DestinationRule/istio-system/egressgateway-payments-tls-api-pay-example: DestinationRule egressgateway-payments-tls-api-pay-example in namespace istio-system has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api-pay-example.tls-origination.egressgateway.mesh-egress.internal at port undefined",
        ]);
    });

    it("IST0106 for a workload-selected DestinationRule exported anywhere but its own namespace, exportTo unset included", () => {
        const objects = meshObjects("tls-origination");
        const dr = find(objects, "DestinationRule", "egressgateway-payments-tls-api-pay-example");
        delete dr.spec.exportTo;
        assert.deepStrictEqual(lines(objects), []);
        dr.spec.exportTo = ["istio-system", "web"];
        assert.deepStrictEqual(lines(objects), [
            "IST0106 DestinationRule/istio-system/egressgateway-payments-tls-api-pay-example: Schema validation error: destination rule with workload selector cannot have multiple entries in exportTo",
        ]);
    });

    it("IST0173 names the subset, and only for rules on a gateway's own host", () => {
        const objects = meshObjects("http");
        find(objects, "DestinationRule", "egressgateway-gateway").spec.subsets = [{ name: "aliyun-com", labels: { version: "v2" } }];
        const elsewhere = structuredClone(find(objects, "DestinationRule", "egressgateway-gateway"));
        elsewhere.metadata.name = "elsewhere";
        elsewhere.spec.host = "aliyun.com";
        objects.push(elsewhere);
        assert.deepStrictEqual(lines(objects), [
            "IST0173 DestinationRule/istio-system/egressgateway-gateway: The Subset aliyun-com defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).",
        ]);
    });

    it("IST0145 and IST0132 list several hosts, and overlap means any host of the other server", () => {
        const meta = (kind: string, name: string) => ({ apiVersion: "networking.istio.io/v1beta1", kind, metadata: { name, namespace: "istio-system" } });
        const selector = { app: "gw" };
        const server = (hosts: string[]) => ({ port: { number: 443, name: `tls-${hosts.length}`, protocol: "TLS" }, hosts, tls: { mode: "PASSTHROUGH" } });
        const objects = [
            { apiVersion: "istio.alibabacloud.com/v1beta1", kind: "IstioGateway", metadata: { name: "gw", namespace: "istio-system" }, spec: { podLabels: selector, ports: [{ port: 443 }] } },
            { ...meta("Gateway", "first"), spec: { selector, servers: [server(["a.example", "b.example"])] } },
            { ...meta("Gateway", "second"), spec: { selector, servers: [server(["a.example", "b.example", "c.example"])] } },
            { ...meta("VirtualService", "both"), spec: { hosts: ["x.example", "y.example"], gateways: ["istio-system/first"] } },
        ] as unknown as Manifest[];
        assert.deepStrictEqual(lines(objects), [
            "IST0132 VirtualService/istio-system/both: one or more host [x.example y.example] defined in VirtualService VirtualService/istio-system/both not found in Gateway istio-system/first.",
            "IST0145 Gateway/istio-system/second: Conflict with gateways Gateway/istio-system/first (workload selector app=gw, port 443, hosts a.example,b.example).",
        ]);
    });
});
