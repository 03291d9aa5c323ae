// `mesh-egress audit` over the access-log corpus (tests/corpus/accessLogs): what REGISTRY_ONLY
// would block, what is registered, the suggestions, and that pasting them blocks nothing more.
import * as assert from "assert";
import * as path from "path";
import { MeshEgressArgs, resolveSpec, validateArgs } from "../../components/internal";
import { Audit, AuditReport, auditLogs, pasted } from "../../cli/audit";
import { auditVerdict, formatAudit } from "../../cli/auditFormat";
import { readArgsFile } from "../../cli/configFile";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CORPUS = path.join(ROOT, "tests", "corpus", "accessLogs");
const LOGS = path.join(CORPUS, "logs");
const CONFIG = path.join(CORPUS, "egress.yaml");

function audit(args: MeshEgressArgs, logs = LOGS): Promise<AuditReport> {
    return auditLogs(args, resolveSpec(args, "test"), logs);
}

const PARTNER = { name: "partner", hosts: ["api.partner.example"], ports: [{ number: 443, protocol: "HTTPS" }, { number: 8080, protocol: "HTTP" }] };
const GITHUB = { name: "github", hosts: ["api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }], exportTo: ["build", "ci"] };
const REDIS = { name: "tcp-10-40-1-9", hosts: ["10-40-1-9.tcp.invalid"], addresses: ["10.40.1.9"], ports: [{ number: 6379, protocol: "TCP" }] };
const V6 = { name: "tcp-2001-db8-7", hosts: ["2001-db8-7.tcp.invalid"], addresses: ["2001:db8::7"], ports: [{ number: 5432, protocol: "TCP" }] };
const STRIPE = { name: "api-stripe-com", hosts: ["api.stripe.com"], ports: [{ number: 443, protocol: "TLS" }] };
const SLACK = { name: "hooks-slack-com", hosts: ["hooks.slack.com"], ports: [{ number: 443, protocol: "TLS" }] };
const STATUS = { name: "status-partner-example", hosts: ["status.partner.example"], ports: [{ number: 80, protocol: "HTTP" }] };

describe("audit: the access-log corpus against an ALLOW_ANY config", () => {
    it("lists what REGISTRY_ONLY would block, grouped by host and port, with times, sources and suggestions", async () => {
        const report = await audit(readArgsFile(CONFIG));
        assert.deepStrictEqual(report, {
            wouldBlock: [
                { host: "10.40.1.9", port: 6379, protocol: "TCP", calls: 1, firstSeen: "2026-11-30T08:31:00.000Z", lastSeen: "2026-11-30T08:31:00.000Z", sources: [{ namespace: "shop", pod: "cart-1", calls: 1 }], suggestion: REDIS, coveredOnOtherPorts: false, declaredBy: null },
                { host: "2001:db8::7", port: 5432, protocol: "TCP", calls: 1, firstSeen: "2026-11-30T08:32:00.000Z", lastSeen: "2026-11-30T08:32:00.000Z", sources: [{ namespace: null, pod: null, calls: 1 }], suggestion: V6, coveredOnOtherPorts: false, declaredBy: null },
                { host: "api.github.com", port: 443, protocol: "TLS", calls: 1, firstSeen: "2026-11-30T08:35:00.000Z", lastSeen: "2026-11-30T08:35:00.000Z", sources: [{ namespace: "ci", pod: "builder-0", calls: 1 }], suggestion: GITHUB, coveredOnOtherPorts: false, declaredBy: "github" },
                {
                    host: "api.partner.example",
                    port: 8080,
                    protocol: "HTTP",
                    calls: 3,
                    firstSeen: "2026-11-30T08:03:01.315Z",
                    lastSeen: "2026-11-30T10:00:00.120Z",
                    sources: [{ namespace: "shop", pod: "checkout-7d9f", calls: 2 }, { namespace: null, pod: "checkout-7d9f", calls: 1 }],
                    suggestion: PARTNER,
                    coveredOnOtherPorts: true,
                    declaredBy: "partner",
                },
                { host: "api.stripe.com", port: 443, protocol: "TLS", calls: 2, firstSeen: "2026-11-30T09:00:00.000Z", lastSeen: "2026-11-30T10:00:00.000Z", sources: [{ namespace: "payments", pod: "ledger-2", calls: 1 }, { namespace: "payments", pod: "ledger-3", calls: 1 }], suggestion: STRIPE, coveredOnOtherPorts: false, declaredBy: null },
                { host: "hooks.slack.com", port: 443, protocol: "TLS", calls: 1, firstSeen: "2026-11-30T08:30:00.000Z", lastSeen: "2026-11-30T08:30:00.000Z", sources: [{ namespace: "ops", pod: "notifier-55c", calls: 1 }], suggestion: SLACK, coveredOnOtherPorts: false, declaredBy: null },
                { host: "status.partner.example", port: 80, protocol: "HTTP", calls: 1, firstSeen: "2026-11-30T10:01:00.000Z", lastSeen: "2026-11-30T10:01:00.000Z", sources: [{ namespace: null, pod: null, calls: 1 }], suggestion: STATUS, coveredOnOtherPorts: false, declaredBy: null },
            ],
            // The sidecar's call through the gateway and the seed's line at the gateway itself.
            registered: [{ host: "aliyun.com", port: 80, calls: 2, service: "aliyun" }],
            linesRead: 19,
            linesSkipped: 6,
            unlockedCalls: 0,
            suggestedServices: [PARTNER, GITHUB, REDIS, V6, STRIPE, SLACK, STATUS],
            firstSkipped: { source: path.join(LOGS, "sidecar.log"), line: 10, reason: "not JSON" },
            suggestionProblems: [],
        });
    });

    it("blocks nothing more once the suggestions are pasted, and lists every destination as registered", async () => {
        const args = readArgsFile(CONFIG);
        const first = await audit(args);
        const withSuggestions = pasted(args, first.suggestedServices);
        assert.deepStrictEqual(validateArgs(withSuggestions), []);
        const second = await audit(withSuggestions);
        assert.deepStrictEqual(second.wouldBlock, []);
        assert.deepStrictEqual(second.suggestedServices, []);
        assert.deepStrictEqual(second.registered.map((r) => `${r.host}:${r.port} ${r.calls} ${r.service}`), [
            "10.40.1.9:6379 1 tcp-10-40-1-9",
            "2001:db8::7:5432 1 tcp-2001-db8-7",
            "aliyun.com:80 2 aliyun",
            "api.github.com:443 1 github",
            "api.partner.example:8080 3 partner",
            "api.stripe.com:443 2 api-stripe-com",
            "hooks.slack.com:443 1 hooks-slack-com",
            "status.partner.example:80 1 status-partner-example",
        ]);
    });
});

describe("audit: pasting the suggestions", () => {
    it("replaces a service of the same name in place and appends the others", () => {
        const a = { name: "a", hosts: ["a.example"], ports: [{ number: 80, protocol: "HTTP" as const }] };
        const b = { name: "b", hosts: ["b.example"], ports: [{ number: 80, protocol: "HTTP" as const }] };
        const args: MeshEgressArgs = { kubeconfig: "kc", clusterIds: ["c1"], services: [a, b] };
        const a2 = { ...a, ports: [...a.ports, { number: 443, protocol: "TLS" as const }] };
        const c = { name: "c", hosts: ["c.example"], ports: [{ number: 443, protocol: "TLS" as const }] };
        assert.deepStrictEqual(pasted(args, [c, a2]).services, [a2, b, c]);
        assert.deepStrictEqual(args.services, [a, b]);
    });
});

describe("audit: what the config decides", () => {
    const base: MeshEgressArgs = { kubeconfig: "kc", clusterIds: ["c1"], outboundTrafficPolicy: "ALLOW_ANY", services: [{ name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }] }] };
    const line = (fields: Record<string, unknown>) => JSON.stringify({ upstream_cluster: "PassthroughCluster", response_flags: "-", ...fields });
    const run = (args: MeshEgressArgs, lines: string[]) => {
        const a = new Audit(args, resolveSpec(args, "test"));
        lines.forEach((text, i) => a.read({ source: "t", line: i + 1, text }));
        return a.report();
    };

    it("counts only the namespaces REGISTRY_ONLY would lock, and calls of unknown origin, with registryOnlyNamespaces", () => {
        const args: MeshEgressArgs = { ...base, outboundTrafficPolicy: "REGISTRY_ONLY", registryOnlyNamespaces: ["shop"] };
        const r = run(args, [
            line({ authority: "a.example", downstream_local_address: "1.2.3.4:80", pod_namespace: "shop" }),
            line({ authority: "a.example", downstream_local_address: "1.2.3.4:80", pod_namespace: "web" }),
            line({ authority: "a.example", downstream_local_address: "1.2.3.4:80" }),
        ]);
        assert.deepStrictEqual(r.wouldBlock.map((w) => [w.host, w.calls, w.sources.map((s) => s.namespace)]), [["a.example", 2, ["shop", null]]]);
        assert.strictEqual(r.unlockedCalls, 1);
    });

    it("counts every namespace under mesh-wide REGISTRY_ONLY", () => {
        const r = run({ ...base, outboundTrafficPolicy: "REGISTRY_ONLY" }, [line({ authority: "a.example", downstream_local_address: "1.2.3.4:80", pod_namespace: "web" })]);
        assert.deepStrictEqual([r.wouldBlock.length, r.unlockedCalls], [1, 0]);
    });

    it("takes a wildcard host and a CIDR as registering what they cover, on their ports only", () => {
        const args: MeshEgressArgs = {
            ...base,
            services: [
                { name: "partner", hosts: ["*.partner.example"], upstreamHost: "edge.partner.example", ports: [{ number: 443, protocol: "TLS" }] },
                { name: "cache", hosts: ["cache.internal"], addresses: ["10.40.0.0/16"], endpoints: ["10.40.1.9"], ports: [{ number: 6379, protocol: "TCP" }] },
            ],
        };
        const r = run(args, [
            line({ requested_server_name: "a.b.partner.example", downstream_local_address: "198.51.100.1:443" }),
            line({ downstream_local_address: "10.40.7.7:6379" }),
            line({ downstream_local_address: "10.40.7.7:6380" }),
        ]);
        assert.deepStrictEqual(r.registered, [
            { host: "10.40.7.7", port: 6379, calls: 1, service: "cache" },
            { host: "a.b.partner.example", port: 443, calls: 1, service: "partner" },
        ]);
        assert.deepStrictEqual(r.wouldBlock.map((w) => [w.host, w.port, w.coveredOnOtherPorts, w.declaredBy]), [["10.40.7.7", 6380, true, "cache"]]);
        // The TCP service gets the port as TCP, whatever the line looked like.
        assert.deepStrictEqual(r.suggestedServices, [{ name: "cache", hosts: ["cache.internal"], addresses: ["10.40.0.0/16"], endpoints: ["10.40.1.9"], ports: [{ number: 6379, protocol: "TCP" }, { number: 6380, protocol: "TCP" }] }]);
    });

    it("ignores calls to the mesh's own services and to unknown clusters, and lines that leave by another cluster", () => {
        const r = run(base, [
            line({ upstream_cluster: "outbound|9080||reviews.default.svc.cluster.local", authority: "reviews:9080" }),
            line({ upstream_cluster: "BlackHoleCluster", authority: "b.example", downstream_local_address: "1.2.3.4:80" }),
            line({ upstream_cluster: "InboundPassthroughCluster", downstream_local_address: "10.0.0.5:8080" }),
        ]);
        assert.deepStrictEqual([r.wouldBlock, r.registered, r.linesRead, r.linesSkipped], [[], [], 3, 0]);
    });

    it("names a suggestion apart from existing services and from other suggestions", () => {
        const args: MeshEgressArgs = { ...base, services: [{ name: "a-example", hosts: ["other.example"], ports: [{ number: 80, protocol: "HTTP" }] }] };
        const r = run(args, [line({ authority: "a.example", downstream_local_address: "1.2.3.4:80" }), line({ authority: "a-example", downstream_local_address: "1.2.3.5:80" })]);
        assert.deepStrictEqual(r.suggestedServices.map((s) => [s.name, s.hosts]), [["a-example-2", ["a-example"]], ["a-example-3", ["a.example"]]]);
    });

    it("skips blank lines without counting them, and counts an overlong line as skipped", () => {
        const a = new Audit(base, resolveSpec(base, "test"));
        a.read({ source: "t", line: 1, text: "  " });
        a.read({ source: "t", line: 2 });
        const r = a.report();
        assert.deepStrictEqual([r.linesRead, r.linesSkipped, r.firstSkipped], [1, 1, { source: "t", line: 2, reason: "longer than any access-log line" }]);
    });

    it("says what validation would still refuse once pasted, and strips the root's trailing dot from a name", () => {
        const args: MeshEgressArgs = { ...base, services: [{ name: "pay", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }] }] };
        const r = run(args, [
            line({ requested_server_name: "api.pay.example", downstream_local_address: "1.2.3.4:443" }),
            line({ authority: "Plain.Example.:443", downstream_local_address: "1.2.3.5:443" }),
        ]);
        assert.deepStrictEqual(r.suggestedServices, [
            { name: "pay", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }, { number: 443, protocol: "TLS" }] },
            { name: "plain-example", hosts: ["plain.example"], ports: [{ number: 443, protocol: "HTTP" }] },
        ]);
        assert.deepStrictEqual(r.suggestionProblems, [
            { path: "services[0].ports[0].tlsOrigination.port", message: "443 is already declared at services[0].ports[1]; originate TLS to a port the service does not list, or drop that port" },
            { path: "services[1].ports[0].protocol", message: 'HTTP on port 443 breaks HTTPS clients; use "HTTPS" if the application speaks TLS, or HTTP on a plain port with tlsOrigination' },
        ]);
        assert.match(formatAudit(r, resolveSpec(args, "t"), "s.log", "e.yaml"), /\nPasted as they are \(paths into the config with them pasted\), these entries would still be refused; decide how the service should be reached:\n {2}- services\[0\]\.ports\[0\]\.tlsOrigination\.port: 443 is already declared at services\[0\]\.ports\[1\]; originate TLS to a port the service does not list, or drop that port\n {2}- services\[1\]\.ports\[0\]\.protocol: HTTP on port 443/);
    });

    it("skips a line whose destination has no port", () => {
        const r = run(base, [line({ authority: "a.example" })]);
        assert.deepStrictEqual(r.firstSkipped, { source: "t", line: 1, reason: "no destination port in authority, downstream_local_address or upstream_host" });
    });
});

describe("audit: the text a reader gets", () => {
    const args: MeshEgressArgs = {
        kubeconfig: "kc",
        clusterIds: ["c1"],
        registryOnlyNamespaces: ["shop", "ci"],
        services: [
            { name: "partner", hosts: ["api.partner.example"], ports: [{ number: 443, protocol: "HTTPS" }] },
            { name: "github", hosts: ["api.github.com"], ports: [{ number: 443, protocol: "HTTPS" }], exportTo: ["build"] },
        ],
    };
    const line = (fields: Record<string, unknown>) => JSON.stringify({ upstream_cluster: "PassthroughCluster", ...fields });
    const report = () => {
        const a = new Audit(args, resolveSpec(args, "t"));
        [
            line({ authority: "api.partner.example:8080", downstream_local_address: "198.51.100.20:8080", start_time: "2026-11-30T08:00:00Z", pod_namespace: "shop", pod_name: "checkout-1" }),
            line({ requested_server_name: "api.github.com", downstream_local_address: "140.82.112.5:443", pod_namespace: "ci" }),
            line({ downstream_local_address: "[2001:db8::7]:5432", start_time: "2026-11-30T08:00:00Z", pod_name: "db-client" }),
            line({ downstream_local_address: "[2001:db8::7]:5432", start_time: "2026-11-30T09:00:00Z" }),
            line({ authority: "elsewhere.example", downstream_local_address: "1.2.3.4:80", pod_namespace: "web" }),
            line({ requested_server_name: "api.partner.example", downstream_local_address: "198.51.100.20:443", pod_namespace: "shop" }),
            "junk",
        ].forEach((text, i) => a.read({ source: "s.log", line: i + 1, text }));
        return a.report();
    };

    it("lists each destination with its calls, times and sources, says why a declared host is still blocked, and prints the entries", () => {
        assert.strictEqual(
            formatAudit(report(), resolveSpec(args, "t"), "s.log", "egress.yaml"),
            [
                "s.log: 7 lines read, 1 skipped (first: s.log:7: not JSON)",
                "REGISTRY_ONLY in shop, ci would block 3 destinations these logs show leaving by PassthroughCluster:",
                "  [2001:db8::7]:5432 TCP  2 calls  2026-11-30T08:00:00.000Z .. 2026-11-30T09:00:00.000Z  from pod db-client (1), unknown source (1)",
                "  api.github.com:443 TLS  1 call  time not logged  from ci (1)",
                `    service "github" declares api.github.com:443 but its exportTo hides it from the callers' namespace; its entry below exports it there`,
                "  api.partner.example:8080 HTTP  1 call  at 2026-11-30T08:00:00.000Z  from shop/checkout-1 (1)",
                `    service "partner" already declares api.partner.example on other ports; its entry below adds port 8080`,
                "1 passthrough call from namespaces the config does not lock stays allowed.",
                "Already registered by the config:",
                "  api.partner.example:443  1 call  (service partner)",
                "Services that allow them (paste under services: in egress.yaml; an entry named like an existing one replaces it; rename at will):",
                "  - name: partner",
                "    hosts:",
                "      - api.partner.example",
                "    ports:",
                "      - number: 443",
                "        protocol: HTTPS",
                "      - number: 8080",
                "        protocol: HTTP",
                "  - name: github",
                "    hosts:",
                "      - api.github.com",
                "    ports:",
                "      - number: 443",
                "        protocol: HTTPS",
                "    exportTo:",
                "      - build",
                "      - ci",
                "  - name: tcp-2001-db8-7",
                "    hosts:",
                "      - 2001-db8-7.tcp.invalid",
                "    addresses:",
                "      - 2001:db8::7",
                "    ports:",
                "      - number: 5432",
                "        protocol: TCP",
                "",
            ].join("\n"),
        );
    });

    it("gives plan --logs a verdict naming what the switch blocks", () => {
        assert.strictEqual(
            auditVerdict(report(), resolveSpec(args, "t"), "s.log"),
            "Audit of s.log (7 lines read, 1 skipped (first: s.log:7: not JSON)):\n  REGISTRY_ONLY in shop, ci blocks 3 destinations seen: [2001:db8::7]:5432 (2 calls), api.github.com:443 (1 call), api.partner.example:8080 (1 call)\n  run mesh-egress audit for the services that allow them\n",
        );
    });

    it("says so when nothing would be blocked, under each kind of switch", () => {
        const open: MeshEgressArgs = { ...args, registryOnlyNamespaces: undefined, outboundTrafficPolicy: "ALLOW_ANY" };
        const empty = new Audit(open, resolveSpec(open, "t")).report();
        assert.strictEqual(formatAudit(empty, resolveSpec(open, "t"), "s.log", "e.yaml"), "s.log: 0 lines read, 0 skipped\nswitching to REGISTRY_ONLY would block nothing seen in these logs.\n");
        const locked: MeshEgressArgs = { ...args, registryOnlyNamespaces: undefined };
        assert.strictEqual(auditVerdict(empty, resolveSpec(locked, "t"), "s.log"), "Audit of s.log (0 lines read, 0 skipped):\n  REGISTRY_ONLY blocks nothing seen.\n");
    });
});
