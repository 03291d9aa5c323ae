// The audit streams: a few hundred MB of access logs, with an overlong line in the middle, read
// in bounded memory (a V8 heap far smaller than the file, and a bounded resident size).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "bin", "cli", "main.js");
const TARGET_BYTES = 256 << 20;
const HEAP_MB = 64;
const RSS_LIMIT_KB = 200 * 1024;

describe("audit: a large log in bounded memory", function () {
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-stream-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it(`reads ${TARGET_BYTES >> 20} MB in a ${HEAP_MB} MB heap, under ${RSS_LIMIT_KB >> 10} MB resident`, () => {
        const config = path.join(dir, "egress.yaml");
        fs.writeFileSync(config, "kubeconfig: kc\nclusterIds: [c1]\noutboundTrafficPolicy: ALLOW_ANY\nservices:\n  - name: aliyun\n    hosts: [aliyun.com]\n    ports: [{ number: 80, protocol: HTTP }]\n");
        // One block: 40 passthrough calls to 20 hosts, 10 registered calls, 1 garbage line.
        const lines: string[] = [];
        for (let i = 0; i < 40; i++) {
            lines.push(JSON.stringify({ start_time: "2026-11-30T08:00:00.000Z", upstream_cluster: "PassthroughCluster", authority: `host-${i % 20}.example`, downstream_local_address: `198.51.100.${i % 20}:80`, response_flags: "-", pod_namespace: "web", pod_name: `pod-${i % 3}`, user_agent: "x".repeat(120) }));
        }
        for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ upstream_cluster: "outbound|80||aliyun.com", authority: "aliyun.com", downstream_local_address: "10.34.0.141:80", response_flags: "-" }));
        lines.push("garbage");
        const block = Buffer.from(`${lines.join("\n")}\n`);
        const blocks = Math.ceil(TARGET_BYTES / block.length);
        const log = path.join(dir, "big.log");
        const fd = fs.openSync(log, "w");
        const chunk = Buffer.concat(Array(64).fill(block));
        let written = 0;
        while (written + 64 <= blocks) {
            fs.writeSync(fd, chunk);
            written += 64;
            // An overlong line halfway: 8 MB with no newline until its end.
            if (written === 64 * Math.floor(blocks / 128)) fs.writeSync(fd, Buffer.from(`${"{".padEnd(8 << 20, "y")}\n`));
        }
        for (; written < blocks; written++) fs.writeSync(fd, block);
        fs.closeSync(fd);

        const probe = path.join(dir, "maxrss.js");
        fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`));\n");
        const run = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "-r", probe, CLI, "audit", config, "--logs", log, "--format", "json"], { encoding: "utf8", maxBuffer: 64 << 20 });
        assert.strictEqual(run.status, 1, run.stderr.slice(-2000));
        const report = JSON.parse(run.stdout);
        assert.strictEqual(report.linesRead, blocks * 51 + 1);
        assert.strictEqual(report.linesSkipped, blocks + 1);
        assert.strictEqual(report.wouldBlock.length, 20);
        assert.deepStrictEqual(report.wouldBlock.map((w: { calls: number }) => w.calls), Array(20).fill(blocks * 2));
        assert.deepStrictEqual(report.wouldBlock[0].sources.map((s: { pod: string }) => s.pod).sort(), ["pod-0", "pod-2"]);
        assert.deepStrictEqual(report.registered, [{ host: "aliyun.com", port: 80, calls: blocks * 10, service: "aliyun" }]);
        const maxRss = Number(/maxrss=(\d+)/.exec(run.stderr)![1]);
        assert.ok(maxRss < RSS_LIMIT_KB, `resident ${maxRss >> 10} MB`);
    });
});
