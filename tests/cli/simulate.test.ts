// `mesh-egress simulate` with the binary: Istio's own config generator and simulation over every
// example and scenario, and over broken variants that must fail (the pure parts are in
// tests/cli/simulatePlan.test.ts).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildEgressPlan } from "../../components/internal";
import { judge } from "../../cli/verdict";
import { formatVerdicts } from "../../cli/verdictText";
import { runSimulator, simulationFor } from "../../cli/runSimulator";
import { SCENARIOS, exampleFiles } from "../support/scenarios";
import { simulatorOrSkip } from "../support/simulator";

const ROOT = path.resolve(__dirname, "..", "..", "..");

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

describe("simulate: Istio's config generator walks every call", function () {
    this.timeout(300_000);
    let binary: string | undefined;

    before(function () {
        binary = simulatorOrSkip(this);
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

    // Istio's own simulation tests state what each call must reach as literals
    // (`ClusterMatched: "outbound|80||a.default"`); so does this table, for the mixed example:
    // every sidecar sends the SNI the gateway picks its server by (an HTTP listener's own name;
    // for TLS and TCP the host's, on the SNI host's subset), in every namespace whatever exportTo
    // hides, and the gateway checks the payments server's name.
    it("routes the mixed example call by call exactly as this table says", () => {
        const plan = buildEgressPlan(exampleFiles().find((e) => e.name === "mixed")!.args);
        const simulation = simulationFor(plan);
        const results = new Map(runSimulator(simulation, binary).results.map((r) => [r.id, r]));
        const seen = new Map<string, string>();
        for (const call of simulation.calls) {
            for (const leg of [call.sidecar, call.gateway]) {
                if (!leg) continue;
                const r = results.get(leg.id)!;
                const tls = r.clusterTls ? ` sni=${r.clusterTls.sni}${leg.proxy === "gateway" ? ` san=${(r.clusterTls.subjectAltNames ?? []).join(",")}` : ""}` : "";
                seen.set(`${leg.proxy} ${call.host}:${call.port}`, `${r.cluster ?? r.route ?? "none"}${tls}`);
            }
        }
        assert.deepStrictEqual(Object.fromEntries(seen), Object.fromEntries([
            ["sidecar/ci aliyun.com:80", "outbound|80||istio-egressgateway.istio-system.svc.cluster.local sni=https-80.egressgateway.mesh-egress.internal"],
            ["gateway aliyun.com:80", "outbound|80||aliyun.com"],
            ["sidecar/default aliyun.com:80", "outbound|80||istio-egressgateway.istio-system.svc.cluster.local sni=https-80.egressgateway.mesh-egress.internal"],
            ["sidecar/shop aliyun.com:80", "outbound|80||istio-egressgateway.istio-system.svc.cluster.local sni=https-80.egressgateway.mesh-egress.internal"],
            ["sidecar/mesh-egress-outsider aliyun.com:80", "outbound|80||istio-egressgateway.istio-system.svc.cluster.local sni=https-80.egressgateway.mesh-egress.internal"],
            ["sidecar/ci github.com:443", "outbound|443|github-com|sni.egressgateway.mesh-egress.internal sni=github.com"],
            ["gateway github.com:443", "outbound|443||github.com"],
            ["sidecar/default github.com:443", "outbound|443|github-com|sni.egressgateway.mesh-egress.internal sni=github.com"],
            ["sidecar/shop github.com:443", "outbound|443|github-com|sni.egressgateway.mesh-egress.internal sni=github.com"],
            ["sidecar/mesh-egress-outsider github.com:443", "outbound|443|github-com|sni.egressgateway.mesh-egress.internal sni=github.com"],
            ["sidecar/ci api.github.com:443", "outbound|443|api-github-com|sni.egressgateway.mesh-egress.internal sni=api.github.com"],
            ["gateway api.github.com:443", "outbound|443||api.github.com"],
            ["sidecar/default api.github.com:443", "outbound|443|api-github-com|sni.egressgateway.mesh-egress.internal sni=api.github.com"],
            ["sidecar/shop api.github.com:443", "outbound|443|api-github-com|sni.egressgateway.mesh-egress.internal sni=api.github.com"],
            ["sidecar/mesh-egress-outsider api.github.com:443", "outbound|443|api-github-com|sni.egressgateway.mesh-egress.internal sni=api.github.com"],
            ["sidecar/ci api.payments.example.com:80", "block_all"],
            ["sidecar/default api.payments.example.com:80", "block_all"],
            ["sidecar/shop api.payments.example.com:80", "outbound|80||istio-egressgateway.istio-system.svc.cluster.local sni=https-80.egressgateway.mesh-egress.internal"],
            ["gateway api.payments.example.com:80", "outbound|443||api-payments-example-com.tls-origination.egressgateway.mesh-egress.internal sni=api.payments.example.com san=api.payments.example.com"],
            ["sidecar/mesh-egress-outsider api.payments.example.com:80", "PassthroughCluster"],
            ["sidecar/ci orders-db.internal:5432", "outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal sni=orders-db.internal"],
            ["gateway orders-db.internal:5432", "outbound|5432||orders-db.internal"],
            ["sidecar/default orders-db.internal:5432", "outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal sni=orders-db.internal"],
            ["sidecar/shop orders-db.internal:5432", "outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal sni=orders-db.internal"],
            ["sidecar/mesh-egress-outsider orders-db.internal:5432", "outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal sni=orders-db.internal"],
            ["sidecar/ci api-payments-example-com.tls-origination.egressgateway.mesh-egress.internal:443", "BlackHoleCluster"],
            ["sidecar/default api-payments-example-com.tls-origination.egressgateway.mesh-egress.internal:443", "BlackHoleCluster"],
            ["sidecar/shop api-payments-example-com.tls-origination.egressgateway.mesh-egress.internal:443", "BlackHoleCluster"],
            ["sidecar/mesh-egress-outsider api-payments-example-com.tls-origination.egressgateway.mesh-egress.internal:443", "PassthroughCluster"],
            ["sidecar/ci sni.egressgateway.mesh-egress.internal:443", "outbound|443||sni.egressgateway.mesh-egress.internal sni=outbound_.443_._.sni.egressgateway.mesh-egress.internal"],
            ["sidecar/default sni.egressgateway.mesh-egress.internal:443", "outbound|443||sni.egressgateway.mesh-egress.internal sni=outbound_.443_._.sni.egressgateway.mesh-egress.internal"],
            ["sidecar/shop sni.egressgateway.mesh-egress.internal:443", "outbound|443||sni.egressgateway.mesh-egress.internal sni=outbound_.443_._.sni.egressgateway.mesh-egress.internal"],
            ["sidecar/mesh-egress-outsider sni.egressgateway.mesh-egress.internal:443", "outbound|443||sni.egressgateway.mesh-egress.internal sni=outbound_.443_._.sni.egressgateway.mesh-egress.internal"],
            ["sidecar/ci unregistered.mesh-egress.invalid:80", "block_all"],
            ["sidecar/ci 203.0.113.77:5999", "BlackHoleCluster"],
            ["sidecar/default unregistered.mesh-egress.invalid:80", "block_all"],
            ["sidecar/default 203.0.113.77:5999", "BlackHoleCluster"],
            ["sidecar/shop unregistered.mesh-egress.invalid:80", "block_all"],
            ["sidecar/shop 203.0.113.77:5999", "BlackHoleCluster"],
            ["sidecar/mesh-egress-outsider unregistered.mesh-egress.invalid:80", "PassthroughCluster"],
            ["sidecar/mesh-egress-outsider 203.0.113.77:5999", "PassthroughCluster"],
        ]));
    });

    const vsSpec = (plan: ReturnType<typeof buildEgressPlan>, id: string) => plan.objects.find((o) => o.id === id)!.manifest.spec as any;
    const broken: [string, keyof typeof SCENARIOS, (plan: ReturnType<typeof buildEgressPlan>) => void, RegExp][] = [
        ["a mesh leg to the wrong gateway port", "http", (plan) => (vsSpec(plan, "vs-aliyun-aliyun-com").http[0].route[0].destination.port.number = 8080), /aliyun\.com/],
        ["a missing Gateway server", "http", (plan) => (vsSpec(plan, "gw-https-80").servers = [{ port: { number: 9999, name: "https-9999", protocol: "HTTPS" }, hosts: ["other.example"], tls: { mode: "ISTIO_MUTUAL" } }]), /aliyun\.com/],
        ["an HTTP listener whose SNI the gateway does not answer to", "http", (plan) => (vsSpec(plan, "gw-https-80").servers[0].hosts = ["aliyun.com", "www.aliyun.com"]), /aliyun\.com/],
        ["a rule toward the gateway without the listener's SNI", "http", (plan) => delete vsSpec(plan, "dr-gateway").trafficPolicy.portLevelSettings[0].tls.sni, /aliyun\.com/],
        ["a wrong subset", "https-passthrough", (plan) => (vsSpec(plan, "vs-github-github-com").tls[0].route[0].destination.subset = "api-github-com"), /^github\.com/],
        ["a subset that sends another host's SNI", "https-passthrough", (plan) => (vsSpec(plan, "dr-sni").subsets[1].trafficPolicy.portLevelSettings[0].tls.sni = "api.github.com"), /^github\.com/],
        ["a TCP exit to the gateway Service instead of the SNI host", "tcp", (plan) => (vsSpec(plan, "vs-orders-db-orders-db-internal").tcp[0].route[0].destination = { host: plan.gatewayHost, port: { number: 443 } }), /orders-db/],
        ["a gateway leg to the wrong upstream port", "http", (plan) => (vsSpec(plan, "vs-aliyun-aliyun-com").http[1].route[0].destination.port.number = 81), /aliyun\.com/],
    ];
    for (const [name, scenario, breakIt, host] of broken) {
        it(`fails on ${name}`, () => {
            const plan = buildEgressPlan(SCENARIOS[scenario]);
            breakIt(plan);
            const simulation = simulationFor(plan);
            const verdict = judge(simulation, runSimulator(simulation, binary).results);
            assert.strictEqual(verdict.ok, false);
            assert.ok(verdict.calls.some((v) => !v.ok && v.what === "exit" && host.test(v.host)));
        });
    }

    // Istio checks the server's name itself only when a DestinationRule leaves sni empty.
    const originationBroken: [string, (tls: Record<string, unknown>) => void][] = [
        ["an originating DestinationRule that checks no name", (tls) => delete tls.subjectAltNames],
        ["an originating DestinationRule that checks another name", (tls) => (tls.subjectAltNames = ["attacker.example"])],
    ];
    for (const [name, breakIt] of originationBroken) {
        it(`fails on ${name}, and reports what Istio generated`, () => {
            const plan = buildEgressPlan(SCENARIOS["tls-origination"]);
            const dr = plan.objects.find((o) => o.id === "dr-payments-tls-api-pay-example")!;
            for (const setting of (dr.manifest.spec as any).trafficPolicy.portLevelSettings) breakIt(setting.tls);
            const simulation = simulationFor(plan);
            const verdict = judge(simulation, runSimulator(simulation, binary).results);
            assert.strictEqual(verdict.ok, false);
            const wrong = verdict.calls.filter((v) => !v.ok);
            assert.deepStrictEqual([...new Set(wrong.map((v) => `${v.host}:${v.port}`))].sort(), ["api.pay.example:80", "api.pay.example:8080"]);
            const names = wrong.find((v) => v.port === 80)!.gateway!.subjectAltNames;
            assert.deepStrictEqual(names, name.includes("another") ? ["attacker.example"] : []);
        });
    }

    it("finds the passthrough log on Istio's passthrough chains only, in observed namespaces only", () => {
        const plan = buildEgressPlan(SCENARIOS["observe-unlocked"]);
        const verdict = judge(simulationFor(plan), runSimulator(simulationFor(plan), binary).results);
        assert.strictEqual(verdict.ok, true);
        const seen = verdict.calls.filter((v) => v.sidecar).map((v) => `${v.from} ${v.what} ${v.host}:${v.port} ${v.sidecar!.cluster} ${v.logged}`);
        assert.deepStrictEqual(seen.filter((l) => l.startsWith("web ") || l.startsWith("default ")).sort(), [
            "default bypass sni.egressgateway.mesh-egress.internal:443 outbound|443||sni.egressgateway.mesh-egress.internal undefined",
            "default exit aliyun.com:80 outbound|80||istio-egressgateway.istio-system.svc.cluster.local undefined",
            "default exit aliyun.com:8080 outbound|8080||istio-egressgateway.istio-system.svc.cluster.local undefined",
            "default exit api.github.com:443 BlackHoleCluster undefined",
            "default exit github.com:443 BlackHoleCluster undefined",
            "default exit orders-db.internal:5432 outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal undefined",
            "default exit www.aliyun.com:80 outbound|80||istio-egressgateway.istio-system.svc.cluster.local undefined",
            "default exit www.aliyun.com:8080 outbound|8080||istio-egressgateway.istio-system.svc.cluster.local undefined",
            "default unregistered 203.0.113.77:5999 BlackHoleCluster undefined",
            "default unregistered unregistered.mesh-egress.invalid:80 undefined undefined",
            "web bypass sni.egressgateway.mesh-egress.internal:443 outbound|443||sni.egressgateway.mesh-egress.internal false",
            "web exit aliyun.com:80 outbound|80||istio-egressgateway.istio-system.svc.cluster.local false",
            "web exit aliyun.com:8080 outbound|8080||istio-egressgateway.istio-system.svc.cluster.local false",
            "web exit api.github.com:443 PassthroughCluster true",
            "web exit github.com:443 PassthroughCluster true",
            "web exit orders-db.internal:5432 outbound|443|orders-db-internal|sni.egressgateway.mesh-egress.internal false",
            "web exit www.aliyun.com:80 outbound|80||istio-egressgateway.istio-system.svc.cluster.local false",
            "web exit www.aliyun.com:8080 outbound|8080||istio-egressgateway.istio-system.svc.cluster.local false",
            "web unregistered 203.0.113.77:5999 PassthroughCluster true",
            "web unregistered unregistered.mesh-egress.invalid:443 PassthroughCluster true",
            "web unregistered unregistered.mesh-egress.invalid:80 PassthroughCluster true",
        ]);
    });

    const observeBroken: [string, (spec: any) => void][] = [
        ["a passthrough log that logs every call", (spec) => delete spec.accessLogging[0].filter],
        ["a passthrough log on the wrong cluster", (spec) => (spec.accessLogging[0].filter.expression = "xds.cluster_name == 'BlackHoleCluster'")],
        ["a passthrough log that is disabled", (spec) => (spec.accessLogging[0].disabled = true)],
        ["a passthrough log on the inbound side", (spec) => (spec.accessLogging[0].match.mode = "SERVER")],
    ];
    for (const [name, breakIt] of observeBroken) {
        it(`fails on ${name}`, () => {
            const plan = buildEgressPlan(SCENARIOS["observe-everywhere"]);
            breakIt(plan.objects.find((o) => o.id === "observe")!.manifest.spec);
            const verdict = judge(simulationFor(plan), runSimulator(simulationFor(plan), binary).results);
            assert.strictEqual(verdict.ok, false);
            const wrong = verdict.calls.filter((v) => !v.ok);
            assert.ok(wrong.every((v) => v.logged !== (v.sidecar!.cluster === "PassthroughCluster")), JSON.stringify(wrong.slice(0, 3)));
        });
    }

    it("fails when the mesh's log format lacks a field the audit reads", () => {
        const plan = buildEgressPlan(SCENARIOS["observe-everywhere"]);
        const simulation = simulationFor(plan);
        const results = runSimulator(simulation, binary).results.map((r) => ({ ...r, accessLogs: r.accessLogs?.map((l) => ({ ...l, jsonFields: l.jsonFields.filter((f) => f !== "requested_server_name") })) }));
        const verdict = judge(simulation, results);
        assert.deepStrictEqual([...new Set(verdict.calls.filter((v) => !v.ok).map((v) => `${v.what} ${v.host}:${v.port}`))].sort(), [
            "unregistered 203.0.113.77:5999",
            "unregistered unregistered.mesh-egress.invalid:443",
            "unregistered unregistered.mesh-egress.invalid:80",
        ]);
    });

    it("decides every caller of every kind of exit from Istio's RBAC filters: the admitted, another namespace, another service account", () => {
        const plan = buildEgressPlan(SCENARIOS["allow-lists"]);
        const simulation = simulationFor(plan);
        const verdict = judge(simulation, runSimulator(simulation, binary).results);
        assert.strictEqual(verdict.ok, true, JSON.stringify(verdict.calls.filter((v) => !v.ok).slice(0, 3), null, 2));
        const at = (host: string, port: number, ns: string, sa = "default") => verdict.calls.find((v) => v.what === "exit" && v.host === host && v.port === port && v.caller.namespace === ns && v.caller.serviceAccount === sa)!.gateway!;
        // HTTP: the allowed namespace, and an allowed account beside a refused one.
        assert.deepStrictEqual([at("aliyun.com", 80, "default").authorized, at("aliyun.com", 80, "default").policy], [true, "http: ns[istio-system]-policy[egressgateway-allow-aliyun]-rule[0]"]);
        assert.strictEqual(at("aliyun.com", 80, "web", "sleep").authorized, true);
        assert.deepStrictEqual([at("aliyun.com", 80, "web", "mesh-egress-other").authorized, at("aliyun.com", 80, "web", "mesh-egress-other").policy], [false, "http: no ALLOW policy matched"]);
        assert.strictEqual(at("aliyun.com", 80, "mesh-egress-outsider").authorized, false);
        // TLS passthrough and TCP: network RBAC on their filter chains.
        assert.match(at("github.com", 443, "ci").policy, /^network: /);
        assert.strictEqual(at("github.com", 443, "ci").authorized, true);
        assert.strictEqual(at("github.com", 443, "default").authorized, false);
        assert.strictEqual(at("orders-db.internal", 5432, "orders", "api").authorized, true);
        assert.strictEqual(at("orders-db.internal", 5432, "orders", "mesh-egress-other").authorized, false);
        // defaultAllowFrom for the service that lists no sources of its own.
        assert.strictEqual(at("api.pay.example", 80, "platform").authorized, true);
        assert.strictEqual(at("api.pay.example", 80, "default").authorized, false);
    });

    it("refuses at the gateway itself a namespace that exportTo hides an exit from, when it calls around its sidecar", () => {
        const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c"], services: [{ name: "ci-only", hosts: ["ci.example.com"], ports: [{ number: 443, protocol: "HTTPS" }], exportTo: ["ci"], allowFrom: [{ namespace: "ci" }] }] });
        const simulation = simulationFor(plan);
        const verdict = judge(simulation, runSimulator(simulation, binary).results);
        assert.strictEqual(verdict.ok, true, JSON.stringify(verdict.calls.filter((v) => !v.ok), null, 2));
        const direct = verdict.calls.filter((v) => v.what === "direct");
        assert.deepStrictEqual(direct.map((v) => [v.caller.namespace, v.sidecar, v.gateway!.cluster, v.gateway!.authorized, v.gateway!.policy]), [
            ["mesh-egress-outsider", null, "outbound|443||ci.example.com", false, "network: no ALLOW policy matched"],
        ]);
        const text = formatVerdicts(verdict.calls, runSimulator(simulation, binary).results, simulation);
        assert.ok(text.includes("FROM mesh-egress-outsider  ci.example.com:443/HTTPS  straight to the gateway  gateway -> outbound|443||ci.example.com, refused (network: no ALLOW policy matched)  ok"), text.join("\n"));
    });

    const policyBroken: [string, (plan: ReturnType<typeof buildEgressPlan>) => void][] = [
        ["an allow-list that names another namespace", (plan) => (((plan.objects.find((o) => o.id === "authz-aliyun")!.manifest.spec as any).rules[0].from[0].source.namespaces = ["elsewhere"]))],
        ["a missing AuthorizationPolicy", (plan) => plan.objects.splice(plan.objects.findIndex((o) => o.id === "authz-aliyun"), 1)],
    ];
    for (const [name, breakIt] of policyBroken) {
        it(`fails on ${name}`, () => {
            const plan = buildEgressPlan(SCENARIOS["allow-lists"]);
            breakIt(plan);
            const simulation = simulationFor(plan);
            const verdict = judge(simulation, runSimulator(simulation, binary).results);
            assert.strictEqual(verdict.ok, false);
            const wrong = verdict.calls.filter((v) => !v.ok);
            assert.ok(wrong.length > 0 && wrong.every((v) => v.host.endsWith("aliyun.com") && v.gateway !== null), JSON.stringify(wrong.map((v) => [v.host, v.caller])));
            assert.ok(wrong.some((v) => v.caller.namespace === "default" && v.gateway!.authorized === false), "the admitted namespace is refused");
        });
    }

    it("reads the SNI, the CA and the accepted names of every originated call from the generated clusters", () => {
        const plan = buildEgressPlan(SCENARIOS["tls-origination"]);
        const simulation = simulationFor(plan);
        const verdict = judge(simulation, runSimulator(simulation, binary).results);
        const gateway = (host: string, port: number) => verdict.calls.find((v) => v.what === "exit" && v.host === host && v.port === port)!.gateway!;
        assert.deepStrictEqual(gateway("api.pay.example", 80), {
            cluster: "outbound|443||api-pay-example.tls-origination.egressgateway.mesh-egress.internal",
            sni: "api.pay.example",
            caSource: "file-root:/etc/ssl/certs/ca-certificates.crt",
            subjectAltNames: ["api.pay.example"],
            error: undefined,
            authorized: true,
            policy: "no RBAC filter decided",
        });
        assert.deepStrictEqual(gateway("eu.pay.example", 8080), {
            cluster: "outbound|8443||eu-pay-example.tls-origination.egressgateway.mesh-egress.internal",
            sni: "pay.example",
            caSource: "file-root:/etc/certs/ca.pem",
            subjectAltNames: ["pay.example"],
            error: undefined,
            authorized: true,
            policy: "no RBAC filter decided",
        });
        const bank = judge(simulationFor(buildEgressPlan(SCENARIOS["mutual-tls-origination"])), runSimulator(simulationFor(buildEgressPlan(SCENARIOS["mutual-tls-origination"])), binary).results);
        const mutual = bank.calls.find((v) => v.what === "exit")!.gateway!;
        assert.deepStrictEqual(mutual.subjectAltNames, ["api.bank.example"]);
        assert.strictEqual(mutual.caSource, "kubernetes://bank-client-cacert");
        assert.strictEqual(bank.ok, true);
    });

    it("mesh-egress simulate prints the seed's exits and exits 0; --format json and --stats too", () => {
        const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin", "cli", "main.js"), "simulate", ...args], { cwd: ROOT, encoding: "utf8" });
        const text = cli("examples/aliyun/egress.yaml");
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(text.stdout, /^FROM default {2}aliyun\.com:80\/HTTP {2}sidecar -> outbound\|80\|\|istio-egressgateway\.istio-system\.svc\.cluster\.local {2}gateway -> outbound\|80\|\|aliyun\.com, authorized \(no RBAC filter decided\) {2}ok$/m);
        assert.match(text.stdout, /^FROM default {2}unregistered\.mesh-egress\.invalid:80\/HTTP {2}sidecar -> block_all \(no cluster\) {2}ok$/m);
        assert.doesNotMatch(text.stdout, /not judged: AuthorizationPolicy/);
        assert.match(text.stdout, /not judged: bypassProtection NetworkPolicies/);
        const json = cli("examples/aliyun/egress.yaml", "--format", "json", "--stats");
        assert.strictEqual(json.status, 0, json.stderr);
        const report = JSON.parse(json.stdout);
        assert.strictEqual(report.ok, true);
        assert.deepStrictEqual(Object.keys(report.calls[0]).sort(), ["caller", "expected", "from", "gateway", "host", "ok", "port", "protocol", "sidecar", "what"]);
        assert.deepStrictEqual(report.calls[0].caller, { namespace: "default", serviceAccount: "default" });
        assert.deepStrictEqual([report.calls[0].gateway.authorized, report.calls[0].gateway.policy], [true, "no RBAC filter decided"]);
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
