// Reading one access-log line: each format the audit takes, every reason to skip, and where a
// logged call went.
import * as assert from "assert";
import { destinationOf, parseAccessLogLine, splitHostPort } from "../../cli/accessLog";
import { cidrContains } from "../../components/cidr";

const SEED_GATEWAY_LINE =
    '{"trace_id":null,"upstream_host":"106.11.XXX.XX:80","downstream_remote_address":"10.34.0.140:47942","requested_server_name":null,"response_code":301,"response_flags":"-","upstream_cluster":"outbound|80||aliyun.com","authority":"aliyun.com","protocol":"HTTP/1.1","method":"HEAD","downstream_local_address":"10.34.0.141:80","start_time":"2022-11-30T08:03:01.315Z"}';

describe("access-log lines", () => {
    it("reads the seed's gateway line", () => {
        assert.deepStrictEqual(parseAccessLogLine(SEED_GATEWAY_LINE), {
            entry: {
                upstreamCluster: "outbound|80||aliyun.com",
                authority: "aliyun.com",
                sni: undefined,
                upstreamHost: "106.11.XXX.XX:80",
                downstreamLocalAddress: "10.34.0.141:80",
                responseFlags: undefined,
                protocol: "HTTP/1.1",
                time: Date.UTC(2022, 10, 30, 8, 3, 1, 315),
                namespace: undefined,
                pod: undefined,
            },
        });
    });

    it("takes the pod from kubectl's --prefix and the time from --timestamps when the line has none", () => {
        const parsed = parseAccessLogLine('[pod/checkout-7d9f/istio-proxy] 2026-11-30T10:01:00.5Z {"upstream_cluster":"PassthroughCluster","authority":"a.example"}');
        assert.ok("entry" in parsed);
        assert.strictEqual(parsed.entry.pod, "checkout-7d9f");
        assert.strictEqual(parsed.entry.time, Date.UTC(2026, 10, 30, 10, 1, 0, 500));
        assert.strictEqual(parsed.entry.authority, "a.example");
    });

    it("prefers the line's own pod and start_time to kubectl's", () => {
        const parsed = parseAccessLogLine('[pod/from-prefix/istio-proxy] 2026-11-30T10:01:00Z {"upstream_cluster":"PassthroughCluster","pod_name":"own","start_time":"2026-11-30T09:00:00Z"}');
        assert.ok("entry" in parsed);
        assert.strictEqual(parsed.entry.pod, "own");
        assert.strictEqual(parsed.entry.time, Date.UTC(2026, 10, 30, 9));
    });

    it("reads the log service's export: tags for namespace and pod, __time__ in seconds, the raw line in content", () => {
        const tagged = parseAccessLogLine('{"__time__":"1764493200","__tag__:_namespace_":"payments","__tag__:_pod_name_":"ledger-2","upstream_cluster":"PassthroughCluster","requested_server_name":"api.stripe.com"}');
        assert.ok("entry" in tagged);
        assert.deepStrictEqual([tagged.entry.namespace, tagged.entry.pod, tagged.entry.time, tagged.entry.sni], ["payments", "ledger-2", 1764493200000, "api.stripe.com"]);
        const raw = parseAccessLogLine(JSON.stringify({ _namespace_: "payments", _pod_name_: "ledger-3", content: '{"upstream_cluster":"PassthroughCluster","authority":"x.example:81"}' }));
        assert.ok("entry" in raw);
        assert.deepStrictEqual([raw.entry.namespace, raw.entry.pod, raw.entry.authority, raw.entry.upstreamCluster], ["payments", "ledger-3", "x.example:81", "PassthroughCluster"]);
    });

    it("treats '-', empty and null as unknown, numbers as text, and other values as absent", () => {
        const parsed = parseAccessLogLine('{"upstream_cluster":"PassthroughCluster","authority":"-","requested_server_name":"","upstream_host":null,"downstream_local_address":{"ip":"1.2.3.4"},"protocol":2,"start_time":"yesterday"}');
        assert.ok("entry" in parsed);
        assert.deepStrictEqual([parsed.entry.authority, parsed.entry.sni, parsed.entry.upstreamHost, parsed.entry.downstreamLocalAddress, parsed.entry.protocol, parsed.entry.time], [undefined, undefined, undefined, undefined, "2", undefined]);
    });

    it("trims the line and each value, reads every namespace and pod alias, and keeps response flags", () => {
        const parsed = parseAccessLogLine('   {"upstream_cluster":" PassthroughCluster ","namespace":" web ","pod":"client-1","response_flags":"NR"}  ');
        assert.ok("entry" in parsed);
        assert.deepStrictEqual([parsed.entry.upstreamCluster, parsed.entry.namespace, parsed.entry.pod, parsed.entry.responseFlags], ["PassthroughCluster", "web", "client-1", "NR"]);
        const sls = parseAccessLogLine('{"upstream_cluster":"PassthroughCluster","_namespace_":"ops","_pod_name_":"n-1"}');
        assert.ok("entry" in sls);
        assert.deepStrictEqual([sls.entry.namespace, sls.entry.pod], ["ops", "n-1"]);
    });

    it("takes kubectl's prefix without a space after it, and a timestamp with an offset and two spaces", () => {
        const parsed = parseAccessLogLine('[pod/p-1/istio-proxy]2026-11-30T18:01:00+08:00  {"upstream_cluster":"PassthroughCluster"}');
        assert.ok("entry" in parsed);
        assert.deepStrictEqual([parsed.entry.pod, parsed.entry.time], ["p-1", Date.UTC(2026, 10, 30, 10, 1)]);
    });

    it("reads a line's own fields before its content, and __time__ only as whole seconds", () => {
        const parsed = parseAccessLogLine(JSON.stringify({ upstream_cluster: "outbound|80||a.example", content: '{"upstream_cluster":"PassthroughCluster"}', __time__: "1764493200123" }));
        assert.ok("entry" in parsed);
        assert.deepStrictEqual([parsed.entry.upstreamCluster, parsed.entry.time], ["outbound|80||a.example", undefined]);
        const array = parseAccessLogLine(JSON.stringify({ content: "[1, 2]" }));
        assert.deepStrictEqual(array, { skip: "no upstream_cluster: not an Envoy access log" });
    });

    const skipped: [string, string, string][] = [
        ["a text-format line", '[2026-11-30T08:36:00.000Z] "GET / HTTP/1.1" 200 - via_upstream', "not JSON"],
        ["a truncated line", '{"upstream_cluster":"PassthroughCluster","authority":"tr', "not a complete JSON object"],
        ["a JSON array", '["an", "array"]', "not JSON"],
        ["JSON null", "null", "not JSON"],
        ["an object with no upstream_cluster", '{"start_time":"2026-11-30T08:38:00.000Z","bytes_sent":0}', "no upstream_cluster: not an Envoy access log"],
        ["an unknown upstream_cluster", '{"upstream_cluster":"-"}', "no upstream_cluster: not an Envoy access log"],
        ["content that is not JSON", '{"content":"GET / 200"}', "no upstream_cluster: not an Envoy access log"],
    ];
    for (const [name, line, reason] of skipped) {
        it(`skips ${name}: ${reason}`, () => assert.deepStrictEqual(parseAccessLogLine(line), { skip: reason }));
    }

    it("splits host and port in every form Envoy writes", () => {
        assert.deepStrictEqual(splitHostPort("a.example:8080"), { host: "a.example", port: 8080 });
        assert.deepStrictEqual(splitHostPort("a.example"), { host: "a.example" });
        assert.deepStrictEqual(splitHostPort("[2001:db8::7]:5432"), { host: "2001:db8::7", port: 5432 });
        assert.deepStrictEqual(splitHostPort("[2001:db8::7]"), { host: "2001:db8::7", port: undefined });
        assert.deepStrictEqual(splitHostPort("2001:db8::7"), { host: "2001:db8::7" });
        assert.deepStrictEqual(splitHostPort("a.example:http"), { host: "a.example", port: undefined });
        assert.deepStrictEqual(splitHostPort("a.example:0"), { host: "a.example", port: undefined });
        assert.deepStrictEqual(splitHostPort("a.example:65536"), { host: "a.example", port: undefined });
        assert.deepStrictEqual(splitHostPort("a.example:65535"), { host: "a.example", port: 65535 });
        assert.deepStrictEqual(splitHostPort("a.example:1"), { host: "a.example", port: 1 });
        assert.deepStrictEqual(splitHostPort("x[2001:db8::7]:80"), { host: "x[2001:db8::7]:80" });
    });
});

describe("where a logged call went", () => {
    const entry = (fields: Record<string, string>) => {
        const parsed = parseAccessLogLine(JSON.stringify({ upstream_cluster: "PassthroughCluster", ...fields }));
        assert.ok("entry" in parsed);
        return destinationOf(parsed.entry);
    };

    it("HTTP by Host: lower-cased, the port from the authority, else the address the application dialled", () => {
        assert.deepStrictEqual(entry({ authority: "Api.Partner.example:8080", downstream_local_address: "198.51.100.20:80" }), { host: "api.partner.example", port: 8080, protocol: "HTTP", ip: "198.51.100.20" });
        assert.deepStrictEqual(entry({ authority: "api.partner.example", downstream_local_address: "198.51.100.20:80", upstream_host: "198.51.100.20:81" }), { host: "api.partner.example", port: 80, protocol: "HTTP", ip: "198.51.100.20" });
        assert.deepStrictEqual(entry({ authority: "api.partner.example", upstream_host: "198.51.100.20:81" }), { host: "api.partner.example", port: 81, protocol: "HTTP", ip: "198.51.100.20" });
    });

    it("TLS by SNI", () => {
        assert.deepStrictEqual(entry({ requested_server_name: "Hooks.Slack.com", downstream_local_address: "52.89.214.238:443" }), { host: "hooks.slack.com", port: 443, protocol: "TLS", ip: "52.89.214.238" });
    });

    it("raw TCP by the address dialled, IPv4 and IPv6; HTTP by address when the protocol says so", () => {
        assert.deepStrictEqual(entry({ downstream_local_address: "10.40.1.9:6379", upstream_host: "10.40.1.8:6379" }), { host: "10.40.1.9", port: 6379, protocol: "TCP", ip: "10.40.1.9" });
        assert.deepStrictEqual(entry({ upstream_host: "[2001:DB8::7]:5432" }), { host: "2001:db8::7", port: 5432, protocol: "TCP", ip: "2001:DB8::7" });
        assert.deepStrictEqual(entry({ downstream_local_address: "10.40.1.9:80", protocol: "HTTP/1.1" }), { host: "10.40.1.9", port: 80, protocol: "HTTP", ip: "10.40.1.9" });
        assert.deepStrictEqual(entry({ downstream_local_address: "10.40.1.9:80", protocol: "tcp" }), { host: "10.40.1.9", port: 80, protocol: "TCP", ip: "10.40.1.9" });
    });

    it("has none without a port, or without any address", () => {
        assert.strictEqual(entry({ authority: "a.example" }), undefined);
        assert.strictEqual(entry({}), undefined);
        assert.strictEqual(entry({ authority: "a.example:99999" }), undefined);
    });
});

describe("addresses in CIDRs", () => {
    const cases: [string, string, boolean][] = [
        ["10.40.0.0/16", "10.40.1.9", true],
        ["10.40.0.0/16", "10.41.0.1", false],
        ["10.40.1.9", "10.40.1.9", true],
        ["10.40.1.9/32", "10.40.1.10", false],
        ["0.0.0.0/0", "203.0.113.7", true],
        ["2001:db8::/32", "2001:db8::7", true],
        ["2001:db8::/32", "2001:db9::7", false],
        ["2001:db8::7", "2001:DB8:0:0:0:0:0:7", true],
        ["::ffff:10.0.0.0/120", "::ffff:10.0.0.9", true],
        ["10.0.0.0/8", "2001:db8::7", false],
        ["2001:db8::/32", "10.0.0.1", false],
        ["not-a-cidr", "10.0.0.1", false],
        ["10.0.0.0/8", "not-an-ip", false],
    ];
    for (const [cidr, ip, inside] of cases) {
        it(`${ip} is ${inside ? "" : "not "}in ${cidr}`, () => assert.strictEqual(cidrContains(cidr, ip), inside));
    }
});
