// `mesh-egress audit` and `plan --logs` as processes: exit codes, the text a user reads, the
// JSON shape, standard input, and one clear message for unusable input.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "bin", "cli", "main.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-audit-"));

function file(name: string, content: string): string {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
}

function cli(args: string[], input?: string) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", input });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

file("open.yaml", "kubeconfig: kc\nclusterIds: [c1]\noutboundTrafficPolicy: ALLOW_ANY\nobserve: {}\nservices:\n  - name: aliyun\n    hosts: [aliyun.com]\n    ports: [{ number: 80, protocol: HTTP }]\n");
const LOCKED = file("locked.yaml", "kubeconfig: kc\nclusterIds: [c1]\nservices:\n  - name: aliyun\n    hosts: [aliyun.com]\n    ports: [{ number: 80, protocol: HTTP }]\n");
const line = (fields: Record<string, unknown>) => JSON.stringify({ upstream_cluster: "PassthroughCluster", response_flags: "-", ...fields });
const LOGS = file(
    "sidecar.log",
    [
        line({ authority: "aliyun.com", downstream_local_address: "106.11.248.146:80", start_time: "2026-11-30T08:00:00.000Z", pod_namespace: "default", pod_name: "sleep-1" }),
        line({ requested_server_name: "api.github.com", downstream_local_address: "140.82.112.5:443", start_time: "2026-11-30T08:01:00.000Z", pod_namespace: "ci", pod_name: "builder-0" }),
        line({ requested_server_name: "api.github.com", downstream_local_address: "140.82.112.5:443", start_time: "2026-11-30T08:05:00.000Z", pod_namespace: "ci", pod_name: "builder-0" }),
        "some text",
        "",
    ].join("\n"),
);
file("covered.log", `${line({ authority: "aliyun.com", downstream_local_address: "106.11.248.146:80" })}\n`);

describe("mesh-egress audit", function () {
    this.timeout(60_000);

    it("prints what would be blocked, what is registered and the entries to paste, and exits 1", () => {
        const run = cli(["audit", "open.yaml", "--logs", "sidecar.log"]);
        assert.strictEqual(run.status, 1, run.stderr);
        assert.strictEqual(
            run.stdout,
            [
                "sidecar.log: 4 lines read, 1 skipped (first: sidecar.log:4: not JSON)",
                "switching to REGISTRY_ONLY would block 1 destination these logs show leaving by PassthroughCluster:",
                "  api.github.com:443 TLS  2 calls  2026-11-30T08:01:00.000Z .. 2026-11-30T08:05:00.000Z  from ci/builder-0 (2)",
                "Already registered by the config:",
                "  aliyun.com:80  1 call  (service aliyun)",
                "Services that allow them (paste under services: in open.yaml; an entry named like an existing one replaces it; rename at will):",
                "  - name: api-github-com",
                "    hosts:",
                "      - api.github.com",
                "    ports:",
                "      - number: 443",
                "        protocol: TLS",
                "",
            ].join("\n"),
        );
        assert.strictEqual(run.stderr, "");
    });

    it("exits 0 when the logs show nothing REGISTRY_ONLY would block", () => {
        const run = cli(["audit", "locked.yaml", "--logs", "covered.log"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stdout, "covered.log: 1 line read, 0 skipped\nREGISTRY_ONLY would block nothing seen in these logs.\nAlready registered by the config:\n  aliyun.com:80  1 call  (service aliyun)\n");
    });

    it("writes the report as JSON with --format json, reading standard input for -", () => {
        const run = cli(["audit", "open.yaml", "--logs", "-", "--format", "json"], fs.readFileSync(LOGS, "utf8"));
        assert.strictEqual(run.status, 1, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.deepStrictEqual(Object.keys(report), ["wouldBlock", "registered", "linesRead", "linesSkipped", "unlockedCalls", "suggestedServices", "firstSkipped", "suggestionProblems"]);
        assert.deepStrictEqual(report.wouldBlock, [
            {
                host: "api.github.com",
                port: 443,
                protocol: "TLS",
                calls: 2,
                firstSeen: "2026-11-30T08:01:00.000Z",
                lastSeen: "2026-11-30T08:05:00.000Z",
                sources: [{ namespace: "ci", pod: "builder-0", calls: 2 }],
                suggestion: { name: "api-github-com", hosts: ["api.github.com"], ports: [{ number: 443, protocol: "TLS" }] },
                coveredOnOtherPorts: false,
                declaredBy: null,
            },
        ]);
        assert.deepStrictEqual(report.registered, [{ host: "aliyun.com", port: 80, calls: 1, service: "aliyun" }]);
        assert.deepStrictEqual([report.linesRead, report.linesSkipped, report.firstSkipped], [4, 1, { source: "-", line: 4, reason: "not JSON" }]);
    });

    it("exits 2 naming the file when the logs are missing", () => {
        const run = cli(["audit", "open.yaml", "--logs", "nowhere.log"]);
        assert.deepStrictEqual([run.status, run.stdout, run.stderr], [2, "", "nowhere.log: no such file or directory\n"]);
    });

    it("exits 2 naming the file and line when no line is a JSON access log", () => {
        file("text.log", "\n[2026-11-30T08:36:00.000Z] \"GET / HTTP/1.1\" 200 - via_upstream\n");
        const run = cli(["audit", "open.yaml", "--logs", "text.log"]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stderr, "text.log: no Envoy JSON access-log line among 1 lines; text.log:2: not JSON. The audit reads JSON access logs (kubectl logs <pod> -c istio-proxy, or the log service's export); is the mesh's access-log encoding JSON?\n");
    });

    it("exits 2 on an empty log", () => {
        file("empty.log", "");
        const run = cli(["audit", "open.yaml", "--logs", "empty.log"]);
        assert.deepStrictEqual([run.status, run.stderr], [2, "empty.log: no Envoy JSON access-log line among 0 lines. The audit reads JSON access logs (kubectl logs <pod> -c istio-proxy, or the log service's export); is the mesh's access-log encoding JSON?\n"]);
    });

    it("exits 2 with every problem of the config, file and line, before reading logs", () => {
        file("bad.yaml", "kubeconfig: kc\nclusterIds: [c1]\nobserve: {}\nservices:\n  - name: aliyun\n    hosts: [aliyun.com]\n    ports: [{ number: 70000, protocol: HTTP }]\n");
        const run = cli(["audit", "bad.yaml", "--logs", "nowhere.log"]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /^bad\.yaml:3: observe: logs the calls that pass through/m);
        assert.match(run.stderr, /^bad\.yaml:7: services\[0\]\.ports\[0\]\.number: 70000 is not valid/m);
        assert.doesNotMatch(run.stderr, /nowhere/);
    });

    it("needs --logs", () => {
        const run = cli(["audit", "open.yaml"]);
        assert.strictEqual(run.status, 1);
        assert.match(run.stderr, /required option '--logs <path>' not specified/);
    });
});

describe("mesh-egress plan --logs", function () {
    this.timeout(60_000);

    it("ends the plan with the audit's verdict on the switch the config makes", () => {
        const plain = cli(["plan", "locked.yaml"]);
        const run = cli(["plan", "locked.yaml", "--logs", "sidecar.log"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stdout, `${plain.stdout}\nAudit of sidecar.log (4 lines read, 1 skipped (first: sidecar.log:4: not JSON)):\n  REGISTRY_ONLY blocks 1 destination seen: api.github.com:443 (2 calls)\n  run mesh-egress audit for the services that allow them\n`);
    });

    it("says when the switch blocks nothing seen", () => {
        const run = cli(["plan", "locked.yaml", "--logs", "covered.log"]);
        assert.ok(run.stdout.endsWith("\n\nAudit of covered.log (1 line read, 0 skipped):\n  REGISTRY_ONLY blocks nothing seen.\n"), run.stdout);
    });

    it("names the namespaces a per-namespace switch locks", () => {
        file("scoped.yaml", fs.readFileSync(LOCKED, "utf8") + "registryOnlyNamespaces: [ci]\n");
        const run = cli(["plan", "scoped.yaml", "--logs", "sidecar.log"]);
        assert.match(run.stdout, /\n {2}REGISTRY_ONLY in ci blocks 1 destination seen: api\.github\.com:443 \(2 calls\)\n/);
    });

    it("exits 2 when the logs cannot be read", () => {
        const run = cli(["plan", "locked.yaml", "--logs", "nowhere.log"]);
        assert.deepStrictEqual([run.status, run.stdout, run.stderr], [2, "", "nowhere.log: no such file or directory\n"]);
    });
});
