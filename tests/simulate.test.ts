// `mesh-egress simulate` with the binary: Istio's own config generator and simulation over every
// example and scenario, and over broken variants that must fail (the pure parts are in
// tests/simulatePlan.test.ts).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildEgressPlan } from "../components";
import { judge } from "../cli/simulate";
import { findSimulator, runSimulator, simulationFor } from "../cli/simulator";
import { SCENARIOS, exampleFiles } from "./scenarios";

const ROOT = path.resolve(__dirname, "..", "..");

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
