// `mesh-egress simulate`: the calls it plans and how it judges them (pure), then Istio's own
// config generator and simulation over every example and scenario, and over broken variants
// that must fail.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { buildEgressPlan } from "../components";
import { Expectation, OUTSIDER_NAMESPACE, SimulatedResult, addressIn, concreteHost, judge, meets, simulatedNamespaces } from "../cli/simulate";
import { findSimulator, runSimulator, simulationFor } from "../cli/simulator";
import { SCENARIOS, exampleFiles } from "./scenarios";

const ROOT = path.resolve(__dirname, "..", "..");
const GW = "istio-egressgateway.istio-system.svc.cluster.local";
const SEED = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], services: [{ name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }] });

describe("simulate: the calls planned for the seed scenario", () => {
    const simulation = simulationFor(SEED);

    it("simulates a sidecar in default and in a namespace named nowhere, and the gateway", () => {
        assert.deepStrictEqual(simulatedNamespaces(SEED), ["default", OUTSIDER_NAMESPACE]);
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

    it("expects the sidecar's call at the gateway subset and the gateway's at the seed's upstream_cluster", () => {
        const exit = simulation.calls.find((c) => c.what === "exit" && c.from === "default")!;
        assert.deepStrictEqual(exit.sidecar, { id: exit.sidecar.id, proxy: "sidecar/default", mode: "outbound", protocol: "http", tls: "plaintext", host: "aliyun.com", port: 80 });
        assert.deepStrictEqual(exit.expectSidecar, { kind: "cluster", cluster: `outbound|80|aliyun-com|${GW}` });
        assert.deepStrictEqual(exit.gateway, { id: exit.gateway!.id, proxy: "gateway", mode: "gateway", protocol: "http", tls: "mtls", host: "aliyun.com", sni: "aliyun.com", port: 80 });
        assert.deepStrictEqual(exit.expectGateway, { kind: "cluster", cluster: "outbound|80||aliyun.com" });
    });

    it("expects unregistered HTTP and TCP to be blocked from every namespace under REGISTRY_ONLY", () => {
        const unregistered = simulation.calls.filter((c) => c.what === "unregistered");
        assert.deepStrictEqual(unregistered.map((c) => [c.from, c.protocol, c.expectSidecar.kind]), [
            ["default", "HTTP", "blocked"],
            ["default", "TCP", "blocked"],
            [OUTSIDER_NAMESPACE, "HTTP", "blocked"],
            [OUTSIDER_NAMESPACE, "TCP", "blocked"],
        ]);
    });

    it("expects passthrough under ALLOW_ANY and outside registryOnlyNamespaces", () => {
        const open = simulationFor(buildEgressPlan({ ...SCENARIOS["allow-any"] }));
        assert.ok(open.calls.filter((c) => c.what === "unregistered").every((c) => c.expectSidecar.kind === "passthrough"));
        const scoped = simulationFor(buildEgressPlan(SCENARIOS["scoped-namespaces"]));
        const byNs = (ns: string) => scoped.calls.find((c) => c.what === "unregistered" && c.from === ns)!.expectSidecar.kind;
        assert.strictEqual(byNs("web"), "blocked");
        assert.strictEqual(byNs(OUTSIDER_NAMESPACE), "passthrough");
    });

    it("expects a service outside its exportTo to be invisible, and a registered non-exit port never to leave directly", () => {
        const scoped = simulationFor(buildEgressPlan(SCENARIOS["scoped-namespaces"]));
        const github = (ns: string) => scoped.calls.find((c) => c.what === "exit" && c.host === "github.com" && c.from === ns)!;
        assert.strictEqual(github("ci").expectSidecar.kind, "cluster");
        assert.deepStrictEqual(github("default").expectSidecar, { kind: "blocked" });
        assert.strictEqual(github("default").gateway, undefined);
        const origination = simulationFor(buildEgressPlan(SCENARIOS["tls-origination"]));
        // The TLS ports live under the gateway-only name; nothing registers them on the host.
        assert.deepStrictEqual(origination.calls.filter((c) => c.what === "bypass" && c.host === "api.pay.example"), []);
        const bypass = origination.calls.filter((c) => c.what === "bypass" && c.host.endsWith(".tls-origination.egressgateway.mesh-egress.internal"));
        assert.deepStrictEqual([...new Set(bypass.map((c) => c.port))].sort(), [443, 8443]);
        assert.ok(bypass.every((c) => isDeepStrictEqual(c.expectSidecar, { kind: "gatewayOrBlocked", gatewayHost: "istio-egressgateway.istio-system.svc.cluster.local", passthrough: false })));
    });

    it("names concrete hosts and addresses for wildcards and CIDRs", () => {
        assert.strictEqual(concreteHost("*.wikipedia.org"), "simulated.wikipedia.org");
        assert.strictEqual(concreteHost("aliyun.com"), "aliyun.com");
        assert.strictEqual(addressIn("10.20.0.0/24"), "10.20.0.1");
        assert.strictEqual(addressIn("10.30.0.7"), "10.30.0.7");
        assert.strictEqual(addressIn("10.30.0.7/32"), "10.30.0.7");
    });
});

describe("mesh-egress simulate: exit 2 without what it needs", () => {
    const cli = (env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin", "cli", "main.js"), "simulate", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });

    it("names the script that builds a missing simulator", () => {
        const run = cli({ MESH_EGRESS_SIMULATOR: "/nonexistent/simulator.test" }, "examples/aliyun/egress.yaml");
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /bash scripts\/install-simulator\.sh/);
        assert.strictEqual(run.stdout, "");
    });

    it("refuses an unusable file before looking for the simulator", () => {
        const run = cli({ MESH_EGRESS_SIMULATOR: "/nonexistent/simulator.test" }, "/nonexistent/egress.yaml");
        assert.strictEqual(run.status, 2);
        assert.doesNotMatch(run.stderr, /install-simulator/);
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
        ["block_all (no cluster)", r({ route: "block_all" }), { kind: "blocked" }, true],
        ["BlackHoleCluster", r({ cluster: "BlackHoleCluster" }), { kind: "blocked" }, true],
        ["PassthroughCluster when blocked is expected", r({ cluster: "PassthroughCluster" }), { kind: "blocked" }, false],
        ["a direct cluster when blocked is expected", r({ cluster: "outbound|443||a" }), { kind: "blocked" }, false],
        ["PassthroughCluster", r({ cluster: "PassthroughCluster" }), { kind: "passthrough" }, true],
        ["a direct cluster for a registered port", r({ cluster: "outbound|443||a" }), { kind: "gatewayOrBlocked", gatewayHost: "gw", passthrough: true }, false],
        ["the gateway for a registered port", r({ cluster: "outbound|443|a|gw" }), { kind: "gatewayOrBlocked", gatewayHost: "gw", passthrough: false }, true],
        ["a blocked registered port", r({ cluster: "BlackHoleCluster" }), { kind: "gatewayOrBlocked", gatewayHost: "gw", passthrough: false }, true],
        ["passthrough for a registered port under ALLOW_ANY", r({ cluster: "PassthroughCluster" }), { kind: "gatewayOrBlocked", gatewayHost: "gw", passthrough: true }, true],
        ["passthrough for a registered port under REGISTRY_ONLY", r({ cluster: "PassthroughCluster" }), { kind: "gatewayOrBlocked", gatewayHost: "gw", passthrough: false }, false],
        ["no result at all", undefined, { kind: "blocked" }, false],
    ];
    for (const [name, result, expect, ok] of cases) {
        it(`${ok ? "accepts" : "refuses"} ${name}`, () => assert.strictEqual(meets(result, expect), ok));
    }

    it("fails the whole run when one leg is wrong", () => {
        const simulation = simulationFor(SEED);
        const right = simulation.request.calls.map((c): SimulatedResult => ({ id: c.id, cluster: "BlackHoleCluster" }));
        assert.strictEqual(judge(simulation, right).ok, false);
    });
});

describe("simulate: Istio's config generator walks every call", function () {
    this.timeout(300_000);
    let binary: string | undefined;

    before(function () {
        try {
            binary = findSimulator();
        } catch (e) {
            if (process.env.CI) throw e;
            process.stderr.write(`\n*** SKIPPED: ${(e as Error).message}\n\n`);
            this.skip();
        }
    });

    const cases = [
        ...exampleFiles().map((e) => ({ name: `example ${e.name}`, args: e.args })),
        ...Object.entries(SCENARIOS).map(([name, args]) => ({ name: `scenario ${name}`, args })),
    ];
    for (const c of cases) {
        it(`routes every exit of ${c.name} through the gateway, and nothing around it`, () => {
            const plan = buildEgressPlan(c.args);
            const simulation = simulationFor(plan);
            const verdict = judge(simulation, runSimulator(simulation, binary).results);
            const wrong = verdict.calls.filter((v) => !v.ok);
            assert.deepStrictEqual(wrong, [], JSON.stringify(wrong.slice(0, 5), null, 2));
            assert.ok(verdict.calls.some((v) => v.what === "exit"));
        });
    }

    const broken: [string, (plan: ReturnType<typeof buildEgressPlan>) => void, RegExp][] = [
        ["a mesh leg to the wrong gateway port", (plan) => ((plan.objects.find((o) => o.id === "vs-aliyun-aliyun-com")!.manifest.spec.http as any)[0].route[0].destination.port.number = 8080), /aliyun\.com/],
        ["a missing Gateway server", (plan) => ((plan.objects.find((o) => o.id === "gw-aliyun")!.manifest.spec as any).servers = [{ port: { number: 9999, name: "https-9999", protocol: "HTTPS" }, hosts: ["other.example"], tls: { mode: "ISTIO_MUTUAL" } }]), /aliyun\.com/],
        ["a wrong subset", (plan) => ((plan.objects.find((o) => o.id === "vs-aliyun-aliyun-com")!.manifest.spec.http as any)[0].route[0].destination.subset = "www-aliyun-com"), /aliyun\.com/],
        ["a gateway leg to the wrong upstream port", (plan) => ((plan.objects.find((o) => o.id === "vs-aliyun-aliyun-com")!.manifest.spec.http as any)[1].route[0].destination.port.number = 81), /aliyun\.com/],
    ];
    for (const [name, breakIt, host] of broken) {
        it(`fails on ${name}`, () => {
            const plan = buildEgressPlan(SCENARIOS.http);
            breakIt(plan);
            const simulation = simulationFor(plan);
            const verdict = judge(simulation, runSimulator(simulation, binary).results);
            assert.strictEqual(verdict.ok, false);
            assert.ok(verdict.calls.some((v) => !v.ok && v.what === "exit" && host.test(v.host)));
        });
    }

    it("mesh-egress simulate prints the seed's exits and exits 0; --format json and --stats too", () => {
        const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin", "cli", "main.js"), "simulate", ...args], { cwd: ROOT, encoding: "utf8" });
        const text = cli("examples/aliyun/egress.yaml");
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(text.stdout, /^FROM default {2}aliyun\.com:80\/HTTP {2}sidecar -> outbound\|80\|aliyun-com\|istio-egressgateway\.istio-system\.svc\.cluster\.local {2}gateway -> outbound\|80\|\|aliyun\.com {2}ok$/m);
        assert.match(text.stdout, /^FROM default {2}unregistered\.mesh-egress\.invalid:80\/HTTP {2}sidecar -> block_all \(no cluster\) {2}ok$/m);
        assert.match(text.stdout, /not judged: AuthorizationPolicy/);
        const json = cli("examples/aliyun/egress.yaml", "--format", "json", "--stats");
        assert.strictEqual(json.status, 0, json.stderr);
        const report = JSON.parse(json.stdout);
        assert.strictEqual(report.ok, true);
        assert.deepStrictEqual(Object.keys(report.calls[0]).sort(), ["expected", "from", "gateway", "host", "ok", "port", "protocol", "sidecar", "what"]);
        assert.ok(report.stats.gateway.listeners >= 1 && report.stats["sidecar/default"].clusters >= 1);
    });
});

describe("simulate: one Istio version", () => {
    it("builds the simulator from the Istio module istioctl is built from", () => {
        const script = fs.readFileSync(path.join(ROOT, "scripts", "install-istioctl.sh"), "utf8");
        const istioctlVersion = /ISTIO_VERSION:-([^}]+)\}/.exec(script)![1];
        const goMod = fs.readFileSync(path.join(ROOT, "simulator", "go.mod"), "utf8");
        assert.match(goMod, new RegExp(`^\\s*(require )?istio\\.io/istio ${istioctlVersion.replace(/\./g, "\\.")}$`, "m"));
    });
});
