// `mesh-egress simulate` without the simulator binary: the calls it plans for a plan and how it
// judges each result. Pure, so mutation testing runs them (tests/cli/simulate.test.ts drives the binary).
import * as assert from "assert";
import { isDeepStrictEqual } from "util";
import { buildEgressPlan } from "../../components/internal";
import { Expectation, OTHER_SERVICE_ACCOUNT, OUTSIDER_NAMESPACE, addressIn, admits, callersIn, concreteHost, principalOf, simulatedNamespaces } from "../../cli/simulate";
import type { SimulatedResult } from "../../cli/simulatorWire";
import { auditLogged, judge, meets } from "../../cli/verdict";
import { formatVerdicts } from "../../cli/verdictText";
import { simulationFor } from "../../cli/runSimulator";
import { SCENARIOS } from "../support/scenarios";

const GW = "istio-egressgateway.istio-system.svc.cluster.local";
const seedPlan = () => buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], services: [{ name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }] });

describe("simulate: the calls planned for the seed scenario", () => {
    let simulation: ReturnType<typeof simulationFor>;
    beforeEach(() => {
        simulation = simulationFor(seedPlan());
    });

    it("simulates a sidecar in default and in a namespace named nowhere, and the gateway", () => {
        assert.deepStrictEqual(simulatedNamespaces(seedPlan()), ["default", OUTSIDER_NAMESPACE]);
        assert.deepStrictEqual(
            simulation.request.proxies.map((p) => [p.id, p.kind, p.namespace]),
            [["gateway", "router", "istio-system"], ["sidecar/default", "sidecar", "default"], [`sidecar/${OUTSIDER_NAMESPACE}`, "sidecar", OUTSIDER_NAMESPACE]],
        );
        assert.deepStrictEqual(simulation.request.proxies[0].labels, { "mesh-egress.io/gateway": "egressgateway" });
        // An adopted mesh: the mesh-wide Sidecar closes it, not meshConfig.
        assert.strictEqual(simulation.request.outboundTrafficPolicy, "ALLOW_ANY");
        assert.match(simulation.request.istioConfig, /kind: Sidecar/);
        assert.doesNotMatch(simulation.request.istioConfig, /kind: IstioGateway/);
        assert.match(simulation.request.kubernetes, /name: istio-egressgateway/);
    });

    it("expects the sidecar's call at the gateway's HTTP listener and the gateway's at the seed's upstream_cluster", () => {
        const exit = simulation.calls.find((c) => c.what === "exit" && c.from === "default")!;
        assert.deepStrictEqual(exit.sidecar, { id: exit.sidecar!.id, proxy: "sidecar/default", mode: "outbound", protocol: "http", tls: "plaintext", host: "aliyun.com", port: 80 });
        // The mesh leg must carry the listener's SNI: the gateway's one HTTP server answers to it.
        assert.deepStrictEqual(exit.expectSidecar, { kind: "cluster", cluster: `outbound|80||${GW}`, sni: "https-80.egressgateway.mesh-egress.internal" });
        assert.deepStrictEqual(exit.gateway, { id: exit.gateway!.id, proxy: "gateway", mode: "gateway", protocol: "http", tls: "mtls", host: "aliyun.com", sni: "https-80.egressgateway.mesh-egress.internal", port: 80 });
        assert.deepStrictEqual(exit.expectGateway, { kind: "cluster", cluster: "outbound|80||aliyun.com" });
    });

    it("finds a mesh leg that reaches the gateway without the SNI the gateway picks its server by", () => {
        const exit = simulation.calls.find((c) => c.what === "exit" && c.from === "default")!;
        const cluster = `outbound|80||${GW}`;
        assert.strictEqual(meets({ id: "s", cluster, clusterTls: { sni: "https-80.egressgateway.mesh-egress.internal", caSource: "ROOTCA", subjectAltNames: [] } }, exit.expectSidecar!), true);
        assert.strictEqual(meets({ id: "s", cluster }, exit.expectSidecar!), false);
        assert.strictEqual(meets({ id: "s", cluster, clusterTls: { sni: "outbound_.80_._.istio-egressgateway.istio-system.svc.cluster.local", caSource: "ROOTCA", subjectAltNames: [] } }, exit.expectSidecar!), false);
    });

    it("expects TLS and TCP exits at the host's subset of the SNI host, with the host as SNI", () => {
        const mixed = simulationFor(buildEgressPlan(SCENARIOS.mixed));
        const exit = (host: string) => mixed.calls.find((c) => c.what === "exit" && c.host === host && c.from === "default")!;
        assert.deepStrictEqual(exit("github.com").expectSidecar, { kind: "cluster", cluster: "outbound|443|github-com|sni.egressgateway.mesh-egress.internal", sni: "github.com" });
        assert.deepStrictEqual(exit("orders-db.internal").expectSidecar, { kind: "cluster", cluster: "outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal", sni: "orders-db.internal" });
        assert.deepStrictEqual(exit("orders-db.internal").gateway, { id: exit("orders-db.internal").gateway!.id, proxy: "gateway", mode: "gateway", protocol: "tcp", tls: "mtls", sni: "orders-db.internal", port: 443 });
        // A wildcard's SNI is its concrete upstream.
        assert.deepStrictEqual(exit("simulated.wikipedia.org").expectSidecar, { kind: "cluster", cluster: "outbound|443|wildcard-wikipedia-org|sni.egressgateway.mesh-egress.internal", sni: "www.wikipedia.org" });
    });

    it("expects no SNI on the mesh leg without mutual TLS", () => {
        const plain = simulationFor(buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], gateway: { mutualTls: false }, services: [{ name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }] }));
        const exit = plain.calls.find((c) => c.what === "exit" && c.from === "default")!;
        assert.deepStrictEqual(exit.expectSidecar, { kind: "cluster", cluster: `outbound|80||${GW}` });
    });

    it("expects unregistered HTTP and TCP to be blocked from every namespace under REGISTRY_ONLY", () => {
        const unregistered = simulation.calls.filter((c) => c.what === "unregistered");
        assert.deepStrictEqual(unregistered.map((c) => [c.from, c.protocol, c.expectSidecar!.kind]), [
            ["default", "HTTP", "blocked"],
            ["default", "TCP", "blocked"],
            [OUTSIDER_NAMESPACE, "HTTP", "blocked"],
            [OUTSIDER_NAMESPACE, "TCP", "blocked"],
        ]);
    });

    it("expects passthrough under ALLOW_ANY and outside registryOnlyNamespaces", () => {
        const open = simulationFor(buildEgressPlan({ ...SCENARIOS["allow-any"] }));
        assert.ok(open.calls.filter((c) => c.what === "unregistered").every((c) => c.expectSidecar!.kind === "passthrough"));
        const scoped = simulationFor(buildEgressPlan(SCENARIOS["scoped-namespaces"]));
        const byNs = (ns: string) => scoped.calls.find((c) => c.what === "unregistered" && c.from === ns)!.expectSidecar!.kind;
        assert.strictEqual(byNs("web"), "blocked");
        assert.strictEqual(byNs(OUTSIDER_NAMESPACE), "passthrough");
    });

    it("expects blocked where the live mesh holds a selector-less REGISTRY_ONLY Sidecar (simulate --live), in that namespace, or everywhere from the root", () => {
        const lock = (namespace: string, spec: Record<string, unknown>) => ({ apiVersion: "networking.istio.io/v1", kind: "Sidecar", metadata: { name: "lock", namespace, labels: {} }, spec });
        const kinds = (foreign: ReturnType<typeof lock>[]) =>
            simulationFor(buildEgressPlan({ ...SCENARIOS["allow-any"] }), foreign)
                .calls.filter((c) => c.what === "unregistered" && c.protocol === "HTTP")
                .map((c) => [c.from, c.expectSidecar!.kind]);
        assert.deepStrictEqual(kinds([lock("team-a", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } })]), [
            ["default", "passthrough"],
            ["team-a", "blocked"],
            [OUTSIDER_NAMESPACE, "passthrough"],
        ]);
        assert.deepStrictEqual(kinds([lock("istio-system", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } })]), [
            ["default", "blocked"],
            [OUTSIDER_NAMESPACE, "blocked"],
        ]);
        // A workload Sidecar, or one that does not lock, locks no namespace.
        assert.deepStrictEqual(kinds([lock("team-a", { workloadSelector: { labels: { app: "a" } }, outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } }), lock("team-b", { outboundTrafficPolicy: { mode: "ALLOW_ANY" } })]), [
            ["default", "passthrough"],
            ["team-a", "passthrough"],
            ["team-b", "passthrough"],
            [OUTSIDER_NAMESPACE, "passthrough"],
        ]);
    });

    it("expects a service outside its exportTo to be invisible, and a registered non-exit port never to leave directly", () => {
        const scoped = simulationFor(buildEgressPlan(SCENARIOS["scoped-namespaces"]));
        const github = (ns: string) => scoped.calls.find((c) => c.what === "exit" && c.host === "github.com" && c.from === ns)!;
        assert.strictEqual(github("ci").expectSidecar!.kind, "cluster");
        assert.deepStrictEqual(github("default").expectSidecar, { kind: "blocked" });
        assert.strictEqual(github("default").gateway, undefined);
        // Hidden by exportTo, and still refused at the gateway itself when called around the sidecar.
        const direct = scoped.calls.filter((c) => c.what === "direct" && c.host === "github.com");
        assert.deepStrictEqual(direct.map((c) => [c.from, c.caller.serviceAccount, c.sidecar, c.expectSidecar, c.expectAuthorized, c.gateway!.proxy]), [[OUTSIDER_NAMESPACE, "default", undefined, undefined, true, "gateway"]]);
        assert.ok(!scoped.calls.some((c) => c.what === "direct" && c.host === "aliyun.com"), "an exit every namespace sees needs no direct call");
        const origination = simulationFor(buildEgressPlan(SCENARIOS["tls-origination"]));
        // The TLS ports live under the gateway-only name; nothing registers them on the host.
        assert.deepStrictEqual(origination.calls.filter((c) => c.what === "bypass" && c.host === "api.pay.example"), []);
        const bypass = origination.calls.filter((c) => c.what === "bypass" && c.host.endsWith(".tls-origination.egressgateway.mesh-egress.internal"));
        assert.deepStrictEqual([...new Set(bypass.map((c) => c.port))].sort(), [443, 8443]);
        assert.ok(bypass.every((c) => isDeepStrictEqual(c.expectSidecar, { kind: "gatewayOrBlocked", gatewayHosts: ["istio-egressgateway.istio-system.svc.cluster.local", "sni.egressgateway.mesh-egress.internal"], passthrough: false })));
    });

    it("names concrete hosts and addresses for wildcards and CIDRs", () => {
        assert.strictEqual(concreteHost("*.wikipedia.org"), "simulated.wikipedia.org");
        assert.strictEqual(concreteHost("aliyun.com"), "aliyun.com");
        assert.strictEqual(addressIn("10.20.0.0/24"), "10.20.0.1");
        assert.strictEqual(addressIn("10.30.0.7"), "10.30.0.7");
        assert.strictEqual(addressIn("10.30.0.7/32"), "10.30.0.7");
    });
});

describe("simulate: judging a result", () => {
    const r = (over: Partial<SimulatedResult>): SimulatedResult => ({ id: "c0", ...over });
    const cases: [string, SimulatedResult | undefined, Expectation, boolean][] = [
        ["the expected cluster", r({ cluster: "outbound|80||a" }), { kind: "cluster", cluster: "outbound|80||a" }, true],
        ["another cluster", r({ cluster: "outbound|81||a" }), { kind: "cluster", cluster: "outbound|80||a" }, false],
        ["the cluster with an error", r({ cluster: "outbound|80||a", error: "invalid mTLS" }), { kind: "cluster", cluster: "outbound|80||a" }, false],
        ["origination with the SNI", r({ cluster: "outbound|443||a", clusterTls: { sni: "a" } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a" }, true],
        ["origination without TLS", r({ cluster: "outbound|443||a" }), { kind: "cluster", cluster: "outbound|443||a", sni: "a" }, false],
        ["origination checking the CA and the name", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", caSource: "file-root:/etc/ca.pem", subjectAltNames: ["a"] } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a"] }, true],
        ["origination checking the names in another order", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", caSource: "x", subjectAltNames: ["b", "a"] } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a", "b"] }, true],
        ["origination accepting any name", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", caSource: "file-root:/etc/ca.pem", subjectAltNames: [] } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a"] }, false],
        ["origination with no names reported", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", caSource: "file-root:/etc/ca.pem" } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a"] }, false],
        ["origination checking another name", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", caSource: "x", subjectAltNames: ["b"] } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a"] }, false],
        ["origination checking one name too few", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", caSource: "x", subjectAltNames: ["a"] } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a", "b"] }, false],
        ["origination with no CA", r({ cluster: "outbound|443||a", clusterTls: { sni: "a", subjectAltNames: ["a"] } }), { kind: "cluster", cluster: "outbound|443||a", sni: "a", subjectAltNames: ["a"] }, false],
        ["block_all (no cluster)", r({ route: "block_all" }), { kind: "blocked" }, true],
        ["BlackHoleCluster", r({ cluster: "BlackHoleCluster" }), { kind: "blocked" }, true],
        ["PassthroughCluster when blocked is expected", r({ cluster: "PassthroughCluster" }), { kind: "blocked" }, false],
        ["a direct cluster when blocked is expected", r({ cluster: "outbound|443||a" }), { kind: "blocked" }, false],
        ["PassthroughCluster", r({ cluster: "PassthroughCluster" }), { kind: "passthrough" }, true],
        ["a direct cluster for a registered port", r({ cluster: "outbound|443||a" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw"], passthrough: true }, false],
        ["the gateway for a registered port", r({ cluster: "outbound|443|a|gw" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw"], passthrough: false }, true],
        ["the gateway by its second name", r({ cluster: "outbound|443||sni" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw", "sni"], passthrough: false }, true],
        ["a host that only ends like a gateway name", r({ cluster: "outbound|443||not-gw" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw", "sni"], passthrough: false }, false],
        ["a blocked registered port", r({ cluster: "BlackHoleCluster" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw"], passthrough: false }, true],
        ["passthrough for a registered port under ALLOW_ANY", r({ cluster: "PassthroughCluster" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw"], passthrough: true }, true],
        ["passthrough for a registered port under REGISTRY_ONLY", r({ cluster: "PassthroughCluster" }), { kind: "gatewayOrBlocked", gatewayHosts: ["gw"], passthrough: false }, false],
        ["no result at all", undefined, { kind: "blocked" }, false],
    ];
    for (const [name, result, expect, ok] of cases) {
        it(`${ok ? "accepts" : "refuses"} ${name}`, () => assert.strictEqual(meets(result, expect), ok));
    }

    it("fails the whole run when one leg is wrong", () => {
        const simulation = simulationFor(seedPlan());
        const right = simulation.request.calls.map((c): SimulatedResult => ({ id: c.id, cluster: "BlackHoleCluster" }));
        assert.strictEqual(judge(simulation, right).ok, false);
    });
});

describe("simulate: who calls each exit, and who the plan admits", () => {
    const plan = () => buildEgressPlan(SCENARIOS["allow-lists"]);
    const service = (name: string) => plan().spec.services.find((s) => s.name === name)!;

    it("calls from every account an allow-list names in a namespace, and from one it does not", () => {
        assert.deepStrictEqual(callersIn(service("aliyun"), "web"), [{ namespace: "web", serviceAccount: "sleep" }, { namespace: "web", serviceAccount: OTHER_SERVICE_ACCOUNT }]);
        assert.deepStrictEqual(callersIn(service("aliyun"), "default"), [{ namespace: "default", serviceAccount: "default" }]);
        assert.deepStrictEqual(callersIn(service("payments"), "web"), [{ namespace: "web", serviceAccount: "default" }]);
        assert.strictEqual(OTHER_SERVICE_ACCOUNT, "mesh-egress-other");
    });

    it("admits a namespace entry's every account, an account entry's one account, and anyone to a service without sources", () => {
        assert.strictEqual(admits(service("aliyun"), { namespace: "default", serviceAccount: "anything" }), true);
        assert.strictEqual(admits(service("aliyun"), { namespace: "web", serviceAccount: "sleep" }), true);
        assert.strictEqual(admits(service("aliyun"), { namespace: "web", serviceAccount: "other" }), false);
        assert.strictEqual(admits(service("aliyun"), { namespace: "ci", serviceAccount: "sleep" }), false);
        assert.strictEqual(admits(service("payments"), { namespace: "platform", serviceAccount: "x" }), true, "defaultAllowFrom");
        assert.strictEqual(admits(seedPlan().spec.services[0], { namespace: OUTSIDER_NAMESPACE, serviceAccount: "default" }), true);
        assert.strictEqual(principalOf({ namespace: "web", serviceAccount: "sleep" }), "spiffe://cluster.local/ns/web/sa/sleep");
    });

    it("plans each exit call with its caller and the verdict the plan expects", () => {
        const calls = simulationFor(plan()).calls.filter((c) => c.what === "exit" && c.host === "aliyun.com" && c.port === 80);
        assert.deepStrictEqual(
            calls.map((c) => [c.caller.namespace, c.caller.serviceAccount, c.expectAuthorized]),
            [...simulatedNamespaces(plan())].flatMap((ns) => (ns === "web" ? [["web", "sleep", true], ["web", OTHER_SERVICE_ACCOUNT, false]] : [[ns, "default", ns === "default"]])),
        );
        const other = simulationFor(plan()).calls.find((c) => c.what === "unregistered")!;
        assert.deepStrictEqual([other.caller, other.expectAuthorized], [{ namespace: other.from, serviceAccount: "default" }, undefined]);
    });

    it("judges the gateway's RBAC verdict for the caller, with the caller's mTLS identity", () => {
        const simulation = simulationFor(plan());
        const allowWebSleep = [{ layer: "http" as const, rules: { policies: { p: { permissions: [{ any: true }], principals: [{ authenticated: { principalName: { exact: "spiffe://cluster.local/ns/web/sa/sleep" } } }] } } } }];
        const results = simulation.request.calls.map((c): SimulatedResult => ({ id: c.id, cluster: "x", rbac: c.proxy === "gateway" ? allowWebSleep : undefined }));
        const verdicts = judge(simulation, results).calls.filter((v) => v.what === "exit" && v.host === "aliyun.com" && v.port === 80);
        const web = verdicts.find((v) => v.caller.serviceAccount === "sleep")!;
        assert.deepStrictEqual([web.gateway!.authorized, web.gateway!.policy], [true, "http: p"]);
        const fromDefault = verdicts.find((v) => v.caller.namespace === "default")!;
        assert.deepStrictEqual([fromDefault.gateway!.authorized, fromDefault.gateway!.policy], [false, "http: no ALLOW policy matched"]);
        assert.match(fromDefault.expected, /, authorized$/);
        assert.match(verdicts.find((v) => v.caller.serviceAccount === OTHER_SERVICE_ACCOUNT)!.expected, /, refused$/);
    });
});

describe("simulate: the passthrough log of observed namespaces", () => {
    const PASS = "cel:xds.cluster_name == 'PassthroughCluster'";
    const FIELDS = ["authority", "downstream_local_address", "requested_server_name", "response_flags", "start_time", "upstream_cluster", "upstream_host"];

    it("marks every sidecar call from an observed namespace, and adds unregistered TLS there", () => {
        const simulation = simulationFor(buildEgressPlan(SCENARIOS["observe-unlocked"]));
        assert.deepStrictEqual(simulatedNamespaces(buildEgressPlan(SCENARIOS["observe-unlocked"])), ["ci", "default", "web", OUTSIDER_NAMESPACE]);
        const observed = [...new Set(simulation.calls.filter((c) => c.observed).map((c) => c.from))].sort();
        assert.deepStrictEqual(observed, ["ci", "web"]);
        assert.ok(simulation.calls.filter((c) => !c.sidecar).every((c) => c.observed === undefined));
        assert.deepStrictEqual(simulation.calls.filter((c) => c.what === "unregistered" && c.port === 443).map((c) => [c.from, c.protocol, c.sidecar!.tls, c.sidecar!.sni, c.expectSidecar!.kind]), [
            ["ci", "TLS", "tls", "unregistered.mesh-egress.invalid", "passthrough"],
            ["web", "TLS", "tls", "unregistered.mesh-egress.invalid", "passthrough"],
        ]);
    });

    it("observes every namespace when observe names none, and none without observe", () => {
        const everywhere = simulationFor(buildEgressPlan(SCENARIOS["observe-everywhere"]));
        assert.ok(everywhere.calls.filter((c) => c.sidecar).every((c) => c.observed === true));
        const none = simulationFor(buildEgressPlan(SCENARIOS["allow-any"]));
        assert.ok(none.calls.every((c) => c.observed === undefined));
        assert.deepStrictEqual(none.calls.filter((c) => c.port === 443 && c.what === "unregistered"), []);
    });

    const logged: [string, SimulatedResult, boolean | null][] = [
        ["a passthrough call under the filter", { id: "c", cluster: "PassthroughCluster", accessLogs: [{ filters: [PASS], jsonFields: FIELDS }] }, true],
        ["a gateway call under the filter", { id: "c", cluster: `outbound|80|aliyun-com|${GW}`, accessLogs: [{ filters: [PASS], jsonFields: FIELDS }] }, false],
        ["a call with no access log", { id: "c", cluster: "PassthroughCluster", accessLogs: [] }, false],
        ["a call without logs reported", { id: "c", cluster: "PassthroughCluster" }, false],
        ["a log in text format", { id: "c", cluster: "PassthroughCluster", accessLogs: [{ filters: [PASS], jsonFields: [] }] }, false],
        ["a log lacking one field", { id: "c", cluster: "PassthroughCluster", accessLogs: [{ filters: [PASS], jsonFields: FIELDS.slice(1) }] }, false],
        ["a log with no filter", { id: "c", cluster: `outbound|80|aliyun-com|${GW}`, accessLogs: [{ filters: [], jsonFields: FIELDS }] }, true],
        ["a second log that writes", { id: "c", cluster: "PassthroughCluster", accessLogs: [{ filters: [PASS], jsonFields: [] }, { filters: [], jsonFields: FIELDS }] }, true],
        ["a filter beyond the evaluator", { id: "c", cluster: "PassthroughCluster", accessLogs: [{ filters: [PASS], jsonFields: FIELDS }, { filters: ["cel:response.code >= 400"], jsonFields: FIELDS }] }, null],
        ["a filter that is not CEL", { id: "c", cluster: "PassthroughCluster", accessLogs: [{ filters: ["other:*accesslogv3.AccessLogFilter_StatusCodeFilter"], jsonFields: FIELDS }] }, null],
    ];
    for (const [name, result, expected] of logged) {
        it(`judges ${name} as ${expected === null ? "not understood" : expected ? "logged" : "not logged"}`, () => assert.strictEqual(auditLogged(result), expected));
    }

    it("fails a call that is logged though it goes to the gateway, and one that passes through unlogged", () => {
        const simulation = simulationFor(buildEgressPlan(SCENARIOS["observe-everywhere"]));
        const exit = simulation.calls.find((c) => c.what === "exit")!;
        const unregistered = simulation.calls.find((c) => c.what === "unregistered")!;
        const results: SimulatedResult[] = [
            { id: exit.sidecar!.id, cluster: (exit.expectSidecar as { cluster: string }).cluster, accessLogs: [{ filters: [], jsonFields: FIELDS }] },
            { id: exit.gateway!.id, cluster: (exit.expectGateway as { cluster: string }).cluster },
            { id: unregistered.sidecar!.id, cluster: "PassthroughCluster", accessLogs: [] },
        ];
        const verdict = judge({ ...simulation, calls: [exit, unregistered] }, results);
        assert.deepStrictEqual(verdict.calls.map((v) => [v.what, v.logged, v.ok]), [["exit", true, false], ["unregistered", false, false]]);
        assert.match(verdict.calls[1].expected, /^PassthroughCluster, logged only if passed through$/);
    });
});

describe("simulate: the verdict as text", () => {
    it("prints each call's hops, its access at the gateway, whether it was logged, and what was expected when wrong", () => {
        const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], outboundTrafficPolicy: "ALLOW_ANY", observe: { namespaces: ["web"] }, services: [{ name: "pay", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }], allowFrom: [{ namespace: "web", serviceAccount: "shop" }] }] });
        const simulation = simulationFor(plan);
        const PASS = "cel:xds.cluster_name == 'PassthroughCluster'";
        const FIELDS = ["authority", "downstream_local_address", "requested_server_name", "response_flags", "start_time", "upstream_cluster", "upstream_host"];
        const results: SimulatedResult[] = simulation.request.calls.map((c) => {
            if (c.proxy === "gateway") return { id: c.id, cluster: "outbound|443||egressgateway-tls-api-pay-example", clusterTls: { sni: "api.pay.example", caSource: "file-root:/etc/ssl/certs/ca-certificates.crt", subjectAltNames: ["api.pay.example"] } };
            if (c.host === "api.pay.example") return { id: c.id, cluster: `outbound|80|api-pay-example|${GW}`, accessLogs: [{ filters: [PASS], jsonFields: FIELDS }] };
            if (c.port === 443) return { id: c.id, route: "allow_any", error: "no cluster" };
            return { id: c.id, cluster: "PassthroughCluster", accessLogs: c.proxy === "sidecar/web" ? [{ filters: ["cel:response.code >= 400"], jsonFields: FIELDS }] : [] };
        });
        const lines = formatVerdicts(judge(simulation, results).calls, results, simulation);
        // The stand-in results carry no RBAC filter, so the gateway admits both callers: the allow-list's neighbour is WRONG.
        const TARGET = "outbound|443||api-pay-example.tls-origination.egressgateway.mesh-egress.internal";
        const GATEWAY_SAW = "gateway -> outbound|443||egressgateway-tls-api-pay-example (TLS, SNI api.pay.example, CA file-root:/etc/ssl/certs/ca-certificates.crt, certificate for api.pay.example), authorized (no RBAC filter decided)";
        assert.deepStrictEqual(lines.filter((l) => l.includes("api.pay.example") && l.startsWith("FROM web")), [
            `FROM web as shop  api.pay.example:80/HTTP  sidecar -> outbound|80|api-pay-example|${GW}, not logged  ${GATEWAY_SAW}  WRONG (expected outbound|80||${GW} (TLS, SNI https-80.egressgateway.mesh-egress.internal), logged only if passed through then ${TARGET} (TLS, SNI api.pay.example, certificate for api.pay.example), authorized)`,
            `FROM web as mesh-egress-other  api.pay.example:80/HTTP  sidecar -> outbound|80|api-pay-example|${GW}, not logged  ${GATEWAY_SAW}  WRONG (expected outbound|80||${GW} (TLS, SNI https-80.egressgateway.mesh-egress.internal), logged only if passed through then ${TARGET} (TLS, SNI api.pay.example, certificate for api.pay.example), refused)`,
        ]);
        assert.ok(lines.includes("FROM web  unregistered.mesh-egress.invalid:80/HTTP  sidecar -> PassthroughCluster, log filter not understood  WRONG (expected PassthroughCluster, logged only if passed through)"), lines.join("\n"));
        assert.ok(lines.includes("FROM default  unregistered.mesh-egress.invalid:80/HTTP  sidecar -> PassthroughCluster  ok"), lines.join("\n"));
        assert.ok(lines.includes("FROM web  unregistered.mesh-egress.invalid:443/TLS  sidecar -> allow_any (no cluster), not logged  WRONG (expected PassthroughCluster, logged only if passed through)"), lines.join("\n"));
    });

    it("says when a call was not simulated, reached nothing, or failed with an error", () => {
        const simulation = simulationFor(seedPlan());
        const [first, second] = simulation.request.calls;
        const results: SimulatedResult[] = [{ id: first.id, error: "no listener" }, { id: second.id }];
        const lines = formatVerdicts(judge(simulation, results).calls, results, simulation);
        assert.match(lines[0], /sidecar -> \(no listener\)/);
        assert.match(lines[0], /gateway -> \(nothing\)/);
        assert.ok(lines.some((l) => l.includes("(not simulated)")), lines.join("\n"));
    });
});

describe("simulate --live: the plan beside the objects others wrote", () => {
    it("adds their Istio objects to the generator's input, leaves ASM's kinds out, and simulates their Sidecars' namespaces", () => {
        const sidecar = { apiVersion: "networking.istio.io/v1beta1", kind: "Sidecar", metadata: { name: "default", namespace: "team-a", labels: {} }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } };
        const ingress = { apiVersion: "istio.alibabacloud.com/v1beta1", kind: "IstioGateway", metadata: { name: "ingressgateway", namespace: "istio-system", labels: {} }, spec: { gatewayType: "ingress" } };
        const plain = simulationFor(seedPlan());
        const live = simulationFor(seedPlan(), [sidecar, ingress]);
        assert.strictEqual(live.request.istioConfig, `${plain.request.istioConfig}---\napiVersion: networking.istio.io/v1beta1\nkind: Sidecar\nmetadata:\n  name: default\n  namespace: team-a\n  labels: {}\nspec:\n  egress:\n    - hosts:\n        - ./*\n        - istio-system/*\n`);
        assert.deepStrictEqual(
            live.request.proxies.map((p) => p.id),
            ["gateway", "sidecar/default", "sidecar/team-a", "sidecar/mesh-egress-outsider"],
        );
        assert.deepStrictEqual(
            live.calls.filter((c) => c.what === "unregistered" && c.from === "team-a").map((c) => c.expectSidecar),
            [{ kind: "blocked" }, { kind: "blocked" }],
        );
    });
});
