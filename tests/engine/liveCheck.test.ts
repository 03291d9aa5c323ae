// `mesh-egress check --live` against the test mesh API server holding what a real mesh holds: the
// seed procedure's hand-built objects, a team's trimming Sidecar, another team's direct
// ServiceEntry, a second gateway and a foreign AuthorizationPolicy. Each finding is a literal.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { HAND_BUILT_SEED } from "../support/handBuilt";
import { REPO_ROOT, locate, requireBinaries } from "./binaries";
import type { TestCluster } from "./cluster";
import type { MeshEgressArgs } from "../../components";
import { cliRender, engineWithCluster, meshEgressProgram, writeConfigFile } from "./engine";
import { SEED } from "./scenarios";
import { EngineStack } from "./stack";

const CLI = path.join(REPO_ROOT, "bin", "cli", "main.js");
const SEED_FILE = path.join(REPO_ROOT, "examples", "aliyun", "egress.yaml");

/** Other teams' objects: a trimming Sidecar, a direct exit, a gateway of their own, a policy on our gateway's pods. */
const OTHER_TEAMS = [
    { apiVersion: "networking.istio.io/v1beta1", kind: "Sidecar", metadata: { name: "default", namespace: "team-a" }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } },
    {
        apiVersion: "networking.istio.io/v1beta1",
        kind: "ServiceEntry",
        metadata: { name: "payments", namespace: "team-b" },
        spec: { hosts: ["api.payments.example"], location: "MESH_EXTERNAL", ports: [{ number: 443, name: "tls", protocol: "TLS" }], resolution: "DNS" },
    },
    {
        apiVersion: "istio.alibabacloud.com/v1beta1",
        kind: "IstioGateway",
        metadata: { name: "teamgw", namespace: "istio-system" },
        spec: { gatewayType: "egress", clusterIds: ["c0123456789abcdef0123456789abcdef"], replicaCount: 1, serviceType: "ClusterIP", ports: [{ name: "http-0", port: 80, targetPort: 80, protocol: "TCP" }] },
    },
    {
        apiVersion: "security.istio.io/v1beta1",
        kind: "AuthorizationPolicy",
        metadata: { name: "audit-egress", namespace: "istio-system" },
        spec: { selector: { matchLabels: { istio: "egressgateway" } }, action: "AUDIT", rules: [{}] },
    },
];

function yamlOf(objects: object[]): string {
    return objects.map((o) => stringify(o)).join("---\n");
}

function check(args: string[], file = SEED_FILE): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, "check", file, ...args], { encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("mesh-egress check --live against a mesh API server", function () {
    this.timeout(300_000);
    let cluster: TestCluster;
    const applied: string[] = [];

    before(function () {
        cluster = engineWithCluster(this);
        cluster.ensureNamespaces(["default", "team-a", "team-b", "istio-system"]);
    });

    function apply(objects: object[]): void {
        const text = yamlOf(objects);
        cluster.kubectl(["apply", "-f", "-"], text);
        applied.push(text);
    }

    afterEach(() => {
        for (const text of applied.splice(0)) cluster.kubectl(["delete", "--ignore-not-found", "-f", "-"], text);
    });

    it("a mesh holding only the component's own objects: no findings, exit 0", () => {
        apply(cliRender(SEED_FILE));
        const r = check(["--live", "--kubeconfig", cluster.kubeconfigPath]);
        assert.deepStrictEqual(r, { status: 0, stdout: `${SEED_FILE}: OK, 7 objects, no findings, nothing in the mesh against them\n`, stderr: "" });
    });

    it("a mesh holding the hand-built setup and other teams' objects: every finding with its object and fix, exit 1", () => {
        apply([...HAND_BUILT_SEED, ...OTHER_TEAMS]);
        const r = check(["--live", "--kubeconfig", cluster.kubeconfigPath, "--format", "json"]);
        assert.strictEqual(r.stderr, "");
        assert.strictEqual(r.status, 1);
        const report = JSON.parse(r.stdout);
        assert.deepStrictEqual(report.findings, [
            {
                code: "sidecar-escapes-lock",
                object: "Sidecar/team-a/default",
                message:
                    "sets no outboundTrafficPolicy, so its workloads take the mesh's ALLOW_ANY and replaces the REGISTRY_ONLY lock for namespace team-a: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it",
                severity: "error",
                source: "live",
            },
            {
                code: "service-entry-conflict",
                object: "ServiceEntry/default/external-svc-http",
                message: "registers aliyun.com:80, which the plan registers too; Istio merges the two unpredictably; delete it, or leave aliyun.com out of services",
                severity: "error",
                source: "live",
            },
            {
                code: "direct-exit",
                object: "ServiceEntry/team-b/payments",
                message: "opens api.payments.example to the sidecars directly, around the egress gateway and its allow-list; add it to services, or delete this ServiceEntry",
                severity: "error",
                source: "live",
            },
            {
                code: "virtual-service-conflict",
                object: "VirtualService/default/direct-aliyun-through-egress-gateway",
                message: "routes aliyun.com for the sidecars, as the plan does; Istio keeps only the oldest; delete it, or leave aliyun.com out of services",
                severity: "error",
                source: "live",
            },
            {
                code: "gateway-server-conflict",
                object: "Gateway/default/istio-egressgateway",
                message: "opens aliyun.com on port 80 of the gateway pods the plan uses; the gateway takes one server per host and port; delete it, or leave aliyun.com out of services",
                severity: "error",
                source: "live",
            },
            {
                code: "foreign-authorization-policy",
                object: "AuthorizationPolicy/istio-system/audit-egress",
                message: "applies to the egress gateway's pods and changes who may pass; check that it allows the plan's callers",
                severity: "warning",
                source: "live",
            },
        ]);
        assert.deepStrictEqual([report.ok, report.unusable, report.problems, report.objects], [false, false, [], 7]);
    });

    it("prints each live finding as a line naming its severity, exit 1", () => {
        apply([OTHER_TEAMS[0]]);
        const r = check(["--live", "--kubeconfig", cluster.kubeconfigPath]);
        assert.strictEqual(r.status, 1);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(
            r.stderr,
            `${SEED_FILE}: live error sidecar-escapes-lock Sidecar/team-a/default: sets no outboundTrafficPolicy, so its workloads take the mesh's ALLOW_ANY and replaces the REGISTRY_ONLY lock for namespace team-a: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it\n`,
        );
    });

    it("reads a mesh larger than one page of every kind", () => {
        const entries = Array.from({ length: 501 }, (_, i) => ({
            apiVersion: "networking.istio.io/v1beta1",
            kind: "ServiceEntry",
            metadata: { name: `direct-${String(i).padStart(3, "0")}`, namespace: "team-b" },
            spec: { hosts: [`host-${i}.direct.example`], location: "MESH_EXTERNAL", ports: [{ number: 443, name: "tls", protocol: "TLS" }], resolution: "DNS" },
        }));
        apply(entries);
        const r = check(["--live", "--kubeconfig", cluster.kubeconfigPath, "--format", "json"]);
        const found = JSON.parse(r.stdout).findings as { code: string; object: string }[];
        assert.strictEqual(found.length, 501);
        assert.deepStrictEqual([found[0].object, found[500].object], ["ServiceEntry/team-b/direct-000", "ServiceEntry/team-b/direct-500"]);
    });

    it("two MeshEgress in one mesh: a second gateway's objects are named apart; a second lock and a shared host are refused", () => {
        apply(cliRender(SEED_FILE));
        const team: MeshEgressArgs = {
            kubeconfig: "kc",
            clusterIds: ["c0123456789abcdef0123456789abcdef"],
            gateway: { name: "teamgw" },
            services: [{ name: "payments", hosts: ["api.payments.example"], ports: [{ number: 443, protocol: "TLS" }] }],
            outboundTrafficPolicy: "ALLOW_ANY",
        };
        const json = (args: MeshEgressArgs) => {
            const r = check(["--live", "--kubeconfig", cluster.kubeconfigPath, "--format", "json"], writeConfigFile(args));
            return { status: r.status, findings: (JSON.parse(r.stdout).findings as { code: string; object: string; severity: string }[]).map((f) => `${f.severity} ${f.code} ${f.object}`) };
        };
        // Beside the seed's gateway and its lock: nothing in common.
        assert.deepStrictEqual(json(team), { status: 0, findings: [] });
        // A second lock: the seed's MeshEgress owns it.
        assert.deepStrictEqual(json({ ...team, outboundTrafficPolicy: "REGISTRY_ONLY" }), { status: 1, findings: ["error second-lock-owner Sidecar/istio-system/egressgateway-registry-only"] });
        // A host the seed's MeshEgress routes: its entry and its mesh route are refused.
        assert.deepStrictEqual(json({ ...team, services: [...team.services, { name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }] }), {
            status: 1,
            findings: ["error service-entry-conflict ServiceEntry/istio-system/egressgateway-aliyun", "error virtual-service-conflict VirtualService/istio-system/egressgateway-aliyun-aliyun-com"],
        });
    });

    it("simulate --live: Istio's generator passes team-a's unregistered calls through its own Sidecar; with the lock's mode there, they are blocked", function () {
        requireBinaries(this, [locate("install-simulator.sh")]);
        apply([OTHER_TEAMS[0]]);
        const simulate = () => spawnSync(process.execPath, [CLI, "simulate", SEED_FILE, "--live", "--kubeconfig", cluster.kubeconfigPath], { encoding: "utf8" });
        const open = simulate();
        assert.strictEqual(open.status, 1, open.stdout + open.stderr);
        assert.deepStrictEqual(
            open.stdout.split("\n").filter((l) => l.includes("WRONG")),
            [
                "FROM team-a  unregistered.mesh-egress.invalid:80/HTTP  sidecar -> PassthroughCluster  WRONG (expected blocked)",
                "FROM team-a  203.0.113.77:5999/TCP  sidecar -> PassthroughCluster  WRONG (expected blocked)",
            ],
        );
        assert.ok(open.stdout.includes("\n9 calls, 2 wrong\n"), open.stdout);
        apply([{ ...OTHER_TEAMS[0], spec: { ...OTHER_TEAMS[0].spec, outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } }]);
        const fixed = simulate();
        assert.strictEqual(fixed.status, 0, fixed.stdout + fixed.stderr);
        assert.ok(fixed.stdout.includes("FROM team-a  unregistered.mesh-egress.invalid:80/HTTP  sidecar -> block_all (no cluster)  ok\n"), fixed.stdout);
        assert.ok(fixed.stdout.includes("\n9 calls, 0 wrong\n"), fixed.stdout);
    });

    it("live checks, on by default under a root-Sidecar lock, fail preview and up on a Sidecar that escapes it, creating nothing; once it locks too, up goes through", async () => {
        apply([OTHER_TEAMS[0]]);
        assert.strictEqual(SEED.liveChecks, undefined);
        const stack = await EngineStack.create("live-checks", meshEgressProgram(SEED, cluster.kubeconfig));
        // Switched off, preview does not read the mesh.
        const unchecked = await EngineStack.create("live-checks-off", meshEgressProgram({ ...SEED, liveChecks: false }, cluster.kubeconfig));
        try {
            await unchecked.preview();
            const escape =
                "sidecar-escapes-lock Sidecar/team-a/default: sets no outboundTrafficPolicy, so its workloads take the mesh's ALLOW_ANY and replaces the REGISTRY_ONLY lock for namespace team-a";
            await assert.rejects(stack.preview(), (e: Error) => e.message.includes('MeshEgress "egress": the mesh already holds objects that undo this plan (nothing was created):') && e.message.includes(escape));
            await assert.rejects(stack.up(), (e: Error) => e.message.includes(escape));
            assert.deepStrictEqual(cluster.managedObjects(), []);
            // The team's Sidecar with the lock's mode: nothing escapes, and the rollout goes through.
            apply([{ ...OTHER_TEAMS[0], spec: { ...OTHER_TEAMS[0].spec, outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } }]);
            await stack.up();
            assert.strictEqual(cluster.managedObjects().length, 7);
            await stack.destroy();
            assert.deepStrictEqual(cluster.managedObjects(), []);
        } finally {
            await stack.remove();
            await unchecked.remove();
        }
    });

    it("simulate --live with two MeshEgress in one mesh: Istio's generator passes each gateway's exits beside the other's objects", function () {
        requireBinaries(this, [locate("install-simulator.sh")]);
        const teamFile = writeConfigFile({
            kubeconfig: "kc",
            clusterIds: ["c0123456789abcdef0123456789abcdef"],
            gateway: { name: "teamgw" },
            services: [{ name: "payments", hosts: ["api.payments.example"], ports: [{ number: 443, protocol: "TLS" }] }],
            outboundTrafficPolicy: "ALLOW_ANY",
        });
        const simulate = (file: string) => spawnSync(process.execPath, [CLI, "simulate", file, "--live", "--kubeconfig", cluster.kubeconfigPath], { encoding: "utf8" });
        const exits = (out: string) => out.split("\n").filter((l) => / (aliyun\.com|api\.payments\.example):/.test(l));
        apply(cliRender(teamFile));
        const seed = simulate(SEED_FILE);
        assert.strictEqual(seed.status, 0, seed.stdout + seed.stderr);
        assert.deepStrictEqual(exits(seed.stdout), [
            "FROM default  aliyun.com:80/HTTP  sidecar -> outbound|80||istio-egressgateway.istio-system.svc.cluster.local  gateway -> outbound|80||aliyun.com, authorized (no RBAC filter decided)  ok",
            "FROM mesh-egress-outsider  aliyun.com:80/HTTP  sidecar -> outbound|80||istio-egressgateway.istio-system.svc.cluster.local  gateway -> outbound|80||aliyun.com, authorized (no RBAC filter decided)  ok",
        ]);
        apply(cliRender(SEED_FILE));
        const team = simulate(teamFile);
        assert.strictEqual(team.status, 0, team.stdout + team.stderr);
        assert.deepStrictEqual(exits(team.stdout), [
            "FROM default  api.payments.example:443/TLS  sidecar -> outbound|443|api-payments-example|sni.teamgw.mesh-egress.internal  gateway -> outbound|443||api.payments.example, authorized (no RBAC filter decided)  ok",
            "FROM mesh-egress-outsider  api.payments.example:443/TLS  sidecar -> outbound|443|api-payments-example|sni.teamgw.mesh-egress.internal  gateway -> outbound|443||api.payments.example, authorized (no RBAC filter decided)  ok",
        ]);
        // The team's plan sets no lock; it lands under the seed's, which blocks what no entry registers.
        assert.ok(team.stdout.includes("FROM default  unregistered.mesh-egress.invalid:80/HTTP  sidecar -> block_all (no cluster)  ok\n"), team.stdout);
        assert.ok(team.stdout.includes("\n8 calls, 0 wrong\n"), team.stdout);
    });

    it("exit 2 naming the server and why when the mesh API server cannot be read, or the kubeconfig is unusable", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-kubeconfig-"));
        const unreachable = path.join(dir, "unreachable");
        fs.writeFileSync(
            unreachable,
            stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:9", "insecure-skip-tls-verify": true } }],
                users: [{ name: "u", user: { token: "t" } }],
                contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
                "current-context": "x",
            }),
        );
        const down = check(["--live", "--kubeconfig", unreachable]);
        assert.strictEqual(down.status, 2);
        assert.strictEqual(down.stdout, "");
        assert.match(down.stderr, /^.*egress\.yaml: --live: cannot list serviceentries\.networking\.istio\.io on https:\/\/127\.0\.0\.1:9: .*ECONNREFUSED.*\n$/);
        const missing = check(["--live", "--kubeconfig", path.join(dir, "absent")]);
        assert.strictEqual(missing.status, 2);
        assert.match(missing.stderr, /--live: cannot read the kubeconfig .*absent: .*ENOENT/);
        const alone = check(["--kubeconfig", unreachable]);
        assert.deepStrictEqual(alone, { status: 2, stdout: "", stderr: "--kubeconfig goes with --live\n" });
    });
});
