// The CLI as a process: every command, exit codes and stderr for bad files, the rendered
// manifests equal to what the component registers, and graphs equal to its dependsOn.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { MESH_NODE, buildEgressPlan, objectDependencies } from "../../components/internal";
import { readArgsFile } from "../../cli/configFile";
import { construct } from "../support/harness";
import { exampleFiles } from "../support/scenarios";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "bin", "cli", "main.js");
const MIXED = path.join(ROOT, "examples", "mixed", "egress.yaml");
const ALIYUN = path.join(ROOT, "examples", "aliyun", "egress.yaml");

interface Run {
    status: number;
    stdout: string;
    stderr: string;
}

function cli(...args: string[]): Run {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8" });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-cli-"));
function file(name: string, content: string): string {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
}

const SECRET = "apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: TOP-SECRET-TOKEN-1234}}]\n";

describe("mesh-egress CLI", function () {
    this.timeout(60_000);
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe("render", () => {
        for (const example of exampleFiles()) {
            it(`prints exactly the objects the component registers for ${example.name}, in apply order`, async () => {
                const run = cli("render", example.file);
                assert.strictEqual(run.status, 0, run.stderr);
                const docs = parseAllDocuments(run.stdout).map((d) => d.toJS());
                const built = await construct(`render-${example.name}`, example.args);
                const registered = [...built.registered.values()].filter((r) => r.type.startsWith("kubernetes:") && r.name !== `render-${example.name}`);
                const byName = new Map(registered.map((r) => [r.name, r.inputs]));
                const plan = buildEgressPlan(example.args);
                assert.strictEqual(docs.length, plan.objects.length);
                assert.strictEqual(registered.length, plan.objects.length);
                plan.objects.forEach((o, i) => {
                    const inputs = byName.get(`render-${example.name}-${o.id}`)!;
                    const fromComponent = { apiVersion: inputs.apiVersion, kind: inputs.kind, metadata: inputs.metadata, spec: inputs.spec };
                    assert.deepStrictEqual(docs[i], fromComponent, o.id);
                });
            });
        }

        it("labels the ASM instance settings and the data-plane section", () => {
            const f = file("bypass.yaml", "kubeconfig: x\nclusterIds: [c1]\nservices: [{name: a, hosts: [a.com], ports: [{number: 80, protocol: HTTP}]}]\nbypassProtection: {namespaces: [web], allowedCidrs: [10.0.0.1/32]}\n");
            const run = cli("render", f);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.match(run.stdout, /^# Rendered by mesh-egress from /);
            assert.match(run.stdout, /# ASM instance settings \(Alibaba Cloud API or console, not kubectl\):\n# meshConfig:\n#   outboundTrafficPolicy: unchanged/);
            assert.match(run.stdout, /# Data-plane \(ACK\) cluster objects: apply with the ACK cluster's kubeconfig/);
            const kinds = parseAllDocuments(run.stdout).map((d) => d.toJS().kind);
            assert.strictEqual(kinds[kinds.length - 1], "NetworkPolicy");
        });

        it("shows a new mesh's REGISTRY_ONLY and log settings as instance settings", () => {
            const f = file("new.yaml", "newMesh: {vpcId: vpc-1, vswitchId: vsw-1}\nclusterIds: [c1]\nservices: [{name: a, hosts: [a.com], ports: [{number: 80, protocol: HTTP}]}]\naccessLog: {slsProject: logs, retentionDays: 14}\n");
            const run = cli("render", f);
            assert.match(run.stdout, /#   outboundTrafficPolicy: REGISTRY_ONLY\n#   accessLog:\n#     enabled: true\n#     gatewayEnabled: true\n#     gatewayLifecycle: 14\n#     project: logs\n#   note: set on the new ASM instance \(meshConfig\) by the Pulumi component\n/);
            assert.ok(!parseAllDocuments(run.stdout).some((d) => d.toJS().kind === "Sidecar"));
        });

        it("shows the ALLOW_ANY a new mesh gets when REGISTRY_ONLY is scoped to namespaces", () => {
            const f = file("new-scoped.yaml", "newMesh: {vpcId: vpc-1, vswitchId: vsw-1}\nclusterIds: [c1]\nservices: [{name: a, hosts: [a.com], ports: [{number: 80, protocol: HTTP}]}]\nregistryOnlyNamespaces: [web]\n");
            const run = cli("render", f);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.match(run.stdout, /#   outboundTrafficPolicy: ALLOW_ANY\n#   accessLog:\n#     enabled: true\n#     gatewayEnabled: true\n#     gatewayLifecycle: 7\n#   note: set on the new ASM instance \(meshConfig\) by the Pulumi component; REGISTRY_ONLY is applied by the Sidecar objects below, after every route\n/);
            assert.deepStrictEqual(parseAllDocuments(run.stdout).filter((d) => d.toJS().kind === "Sidecar").map((d) => d.toJS().metadata.namespace), ["web"]);
        });

        it("writes one numbered file per object with -o", () => {
            const out = path.join(dir, "rendered");
            const run = cli("render", MIXED, "-o", out);
            assert.strictEqual(run.status, 0, run.stderr);
            const plan = buildEgressPlan(readArgsFile(MIXED));
            const files = fs.readdirSync(out).sort();
            assert.strictEqual(files.length, plan.objects.length + 1);
            assert.strictEqual(files[0], "01-istiogateway-istio-system-egressgateway.yaml");
            assert.ok(files.includes("asm-instance-settings.txt"));
            assert.match(run.stdout, new RegExp(`wrote ${plan.objects.length + 1} files to `));
            const last = files.filter((f) => f.endsWith(".yaml")).pop()!;
            assert.deepStrictEqual(parseAllDocuments(fs.readFileSync(path.join(out, last), "utf8"))[0].toJS(), plan.objects[plan.objects.length - 1].manifest);
        });
    });

    describe("graph", () => {
        const plan = buildEgressPlan(readArgsFile(MIXED));
        const expected = [...objectDependencies(plan).entries()].flatMap(([id, deps]) => deps.map((d) => `${d} -> ${id}`)).sort();

        it("prints Mermaid whose every edge is a dependsOn of the component", () => {
            const run = cli("graph", MIXED);
            assert.strictEqual(run.status, 0, run.stderr);
            const lines = run.stdout.trim().split("\n");
            assert.strictEqual(lines[0], "flowchart LR");
            const ids = new Map(plan.objects.map((o) => [`n_${o.id.replace(/-/g, "_")}`, o.id]));
            const edges = lines.filter((l) => l.includes("-->")).map((l) => {
                const m = /^ {4}(\w+) --> (\w+)$/.exec(l);
                assert.ok(m, `not a Mermaid edge: ${l}`);
                assert.ok(ids.has(m[1]) && ids.has(m[2]), l);
                return `${ids.get(m[1])} -> ${ids.get(m[2])}`;
            });
            assert.deepStrictEqual(edges.sort(), expected);
            const nodes = lines.filter((l) => /^ {4}\w+\["/.test(l));
            assert.strictEqual(nodes.length, plan.objects.length);
        });

        it("prints DOT that a real parser reads, with exactly the component's dependsOn", () => {
            const run = cli("graph", MIXED, "--format", "dot");
            assert.strictEqual(run.status, 0, run.stderr);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const parse = require("dotparser") as (text: string) => any[];
            const [graph] = parse(run.stdout);
            assert.strictEqual(graph.type, "digraph");
            const edges = graph.children.filter((c: any) => c.type === "edge_stmt").map((c: any) => `${c.edge_list[0].id} -> ${c.edge_list[1].id}`);
            assert.deepStrictEqual(edges.sort(), expected);
            const nodes = graph.children.filter((c: any) => c.type === "node_stmt").map((c: any) => c.node_id.id);
            assert.deepStrictEqual(nodes, plan.objects.map((o) => o.id));
        });

        it("includes the new mesh as the first node", () => {
            const f = file("graph-new.yaml", "newMesh: {vpcId: vpc-1, vswitchId: vsw-1}\nclusterIds: [c1]\nservices: [{name: a, hosts: [a.com], ports: [{number: 80, protocol: HTTP}]}]\n");
            const run = cli("graph", f, "--format", "dot");
            assert.match(run.stdout, new RegExp(`"${MESH_NODE}" -> "gateway";`));
            // Entries wait for the gateway's readiness, not for the mesh alone.
            assert.match(run.stdout, /"gateway" -> "se-a";/);
            assert.doesNotMatch(run.stdout, /"mesh" -> "se-a";/);
        });

        it("rejects an unknown format", () => {
            const run = cli("graph", MIXED, "--format", "svg");
            assert.notStrictEqual(run.status, 0);
            assert.match(run.stderr, /Allowed choices are mermaid, dot/);
        });
    });

    describe("plan", () => {
        it("lists every exit with listener, kind, TLS per hop and who is allowed, and the waves", () => {
            const run = cli("plan", MIXED);
            assert.strictEqual(run.status, 0, run.stderr);
            const out = run.stdout;
            assert.match(out, /Exits \(5\):/);
            assert.match(out, /all namespaces\s+egressgateway:80 \(https-80\)\s+aliyun\.com:80\s+HTTP\s+plain \| ISTIO_MUTUAL \| plain\s+default\n/);
            assert.match(out, /egressgateway:443 \(tls-443\)\s+api\.github\.com:443\s+TLS passthrough\s+app TLS \| ISTIO_MUTUAL \| app TLS\s+ci\n/);
            assert.match(out, /shop\s+egressgateway:80 \(https-80\)\s+api\.payments\.example\.com:443\s+HTTP, TLS originated\s+plain \| ISTIO_MUTUAL \| SIMPLE \(originated\)\s+shop\/sa\/checkout\n/);
            assert.match(out, /egressgateway:443 \(tls-443\)\s+orders-db\.internal:5432\s+TCP/);
            assert.match(out, /Objects \(25\) in rollout order, 5 waves/);
            assert.match(out, / {2}wave 5:\n {4}Sidecar\/default\/egressgateway-registry-only/);
            assert.match(out, /Outbound policy: REGISTRY_ONLY in default, ci, shop, through Sidecar objects created after every route/);
        });
    });

    describe("check", () => {
        it("exits 0 on a clean file", () => {
            const run = cli("check", ALIYUN);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.match(run.stdout, /egress\.yaml: OK, 7 objects, no findings/);
        });

        it("reports JSON for CI", () => {
            const run = cli("check", MIXED, "--format", "json");
            assert.strictEqual(run.status, 0);
            assert.deepStrictEqual(JSON.parse(run.stdout), { file: MIXED, ok: true, unusable: false, problems: [], findings: [], objects: 25 });
        });

        it("reads JSON files too", () => {
            const f = file("egress.json", JSON.stringify({ kubeconfig: "x", clusterIds: ["c1"], services: [{ name: "a", hosts: ["a.com"], ports: [{ number: 80, protocol: "HTTP" }] }] }, null, 2));
            const run = cli("check", f);
            assert.strictEqual(run.status, 0, run.stderr);
            const bad = file("bad.json", '{\n  "kubeconfig": "x",\n  "clusterIds": ["c1"],\n  "services": [{"name": "a", "hosts": ["a.com"], "ports": [{"number": 0, "protocol": "HTTP"}]}]\n}\n');
            const badRun = cli("check", bad);
            assert.strictEqual(badRun.status, 1);
            assert.strictEqual(badRun.stderr.trim(), `${bad}:4: services[0].ports[0].number: 0 is not valid; use a whole number from 1 to 65535`);
        });

        it("exits 2 with the line on a YAML syntax error", () => {
            const f = file("syntax.yaml", "kubeconfig: x\nclusterIds: [c1\nservices: []\n");
            const run = cli("check", f);
            assert.strictEqual(run.status, 2);
            assert.match(run.stderr, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: is not valid YAML/JSON`));
            assert.strictEqual(run.stdout, "");
        });

        it("exits 2 when the file is missing or not a mapping", () => {
            assert.strictEqual(cli("check", path.join(dir, "nope.yaml")).status, 2);
            const list = cli("check", file("list.yaml", "- a\n- b\n"));
            assert.strictEqual(list.status, 2);
            assert.match(list.stderr, /must contain a mapping of MeshEgress arguments/);
        });

        it("exits 1 naming the path and line of an unknown field", () => {
            const f = file("unknown.yaml", "kubeconfig: x\nclusterIds: [c1]\nservices:\n  - name: a\n    hosts: [a.com]\n    port: 80\n    ports: [{number: 80, protocol: HTTP}]\n");
            const run = cli("check", f);
            assert.strictEqual(run.status, 1);
            assert.strictEqual(run.stderr.trim(), `${f}:6: services[0].port: unknown field; valid fields are name, hosts, ports, addresses, endpoints, upstreamHost, allowFrom, exportTo`);
        });

        it("exits 1 naming every bad value with its line, as JSON too", () => {
            const f = file("values.yaml", "kubeconfig: x\nclusterIds: [c1]\nservices:\n  - name: a\n    hosts: [a.com]\n    ports:\n      - number: 70000\n        protocol: HTTP\n  - name: a\n    hosts: [b.com]\n    ports: [{number: 80, protocol: FTP}]\n");
            const run = cli("check", f);
            assert.strictEqual(run.status, 1);
            assert.deepStrictEqual(run.stderr.trim().split("\n"), [
                `${f}:7: services[0].ports[0].number: 70000 is not valid; use a whole number from 1 to 65535`,
                `${f}:9: services[1].name: "a" is already used by services[0]; service names must be unique`,
                `${f}:11: services[1].ports[0].protocol: "FTP" is not valid; use one of HTTP, HTTPS, TLS, TCP`,
            ]);
            const json = JSON.parse(cli("check", f, "--format", "json").stdout);
            assert.strictEqual(json.ok, false);
            assert.deepStrictEqual(json.problems.map((p: any) => [p.path, p.line]), [["services[0].ports[0].number", 7], ["services[1].name", 9], ["services[1].ports[0].protocol", 11]]);
        });

        it("makes plan, render and graph fail the same way on a bad file", () => {
            const f = file("bad.yaml", "kubeconfig: x\nclusterIds: []\nservices: [{name: a, hosts: [a.com], ports: [{number: 80, protocol: HTTP}]}]\n");
            for (const command of ["plan", "render", "graph"]) {
                const run = cli(command, f);
                assert.strictEqual(run.status, 1, command);
                assert.strictEqual(run.stdout, "", command);
                assert.strictEqual(run.stderr.trim(), `${f}:2: clusterIds: is empty; list at least one entry`, command);
            }
        });
    });

    describe("on the policy path", () => {
        const policyFile = () => file("seed-policy.yaml", fs.readFileSync(ALIYUN, "utf8").replace("routing: istio", "routing: asmEgressTrafficPolicy"));

        it("plan says which path and why, and lists the policy's objects in their waves", () => {
            const run = cli("plan", policyFile());
            assert.strictEqual(run.status, 0, run.stderr);
            assert.match(run.stdout, /\nRouting: {9}ASMEgressTrafficPolicy istio-egress\/egressgateway \(ASM generates the ServiceEntry, Gateway, VirtualService, DestinationRule and Sidecar objects\), routing: asmEgressTrafficPolicy\n {17}because requested \(routing: asmEgressTrafficPolicy\)\n {17}because not checked: the mesh is adopted/);
            assert.match(run.stdout, /  wave 1:\n    IstioGateway\/istio-system\/egressgateway\n    Telemetry\/istio-system\/egressgateway-access-log\n    Namespace\/istio-egress\n  wave 2:\n    ASMEgressTrafficPolicy\/istio-egress\/egressgateway\n  wave 3:\n    Sidecar\/istio-system\/egressgateway-registry-only\n/);
            const istio = cli("plan", ALIYUN);
            assert.match(istio.stdout, /\nRouting: {9}Istio objects \(per service a ServiceEntry and a VirtualService per host; per listener a Gateway; shared DestinationRules toward the gateway\), routing: istio\n {17}because requested \(routing: istio\)\n/);
        });

        it("plan in auto mode names the reason for falling back", () => {
            const run = cli("plan", file("seed-auto.yaml", fs.readFileSync(ALIYUN, "utf8").replace("routing: istio", "routing: auto")));
            assert.strictEqual(run.status, 0, run.stderr);
            assert.match(run.stdout, /Routing: {9}Istio objects .*, routing: auto\n {17}because the mesh is adopted, so its edition and version are not known; set routing: asmEgressTrafficPolicy/);
        });

        it("render, graph and check show the policy path in full", () => {
            const f = policyFile();
            const rendered = parseAllDocuments(cli("render", f).stdout).map((d) => d.toJS()).filter(Boolean);
            assert.deepStrictEqual(rendered.map((m: any) => `${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`), ["IstioGateway/istio-system/egressgateway", "Telemetry/istio-system/egressgateway-access-log", "Namespace//istio-egress", "ASMEgressTrafficPolicy/istio-egress/egressgateway", "Sidecar/istio-system/egressgateway-registry-only"]);
            assert.deepStrictEqual(rendered[3].spec.egressRules[0].to[0], { name: "aliyun-http-80", hosts: ["aliyun.com"], port: { number: 80, name: "http-80", protocol: "HTTP" }, byEgressGateway: { port: 80 } });
            const out = path.join(dir, "policy-out");
            assert.strictEqual(cli("render", f, "-o", out).status, 0);
            assert.deepStrictEqual(fs.readdirSync(out).filter((n) => n.endsWith(".yaml")).sort(), ["1-istiogateway-istio-system-egressgateway.yaml", "2-telemetry-istio-system-egressgateway-access-log.yaml", "3-namespace-istio-egress.yaml", "4-asmegresstrafficpolicy-istio-egress-egressgateway.yaml", "5-sidecar-istio-system-egressgateway-registry-only.yaml"]);
            const graph = cli("graph", f).stdout;
            assert.ok(graph.includes('n_egress_policy_namespace["Namespace<br/>istio-egress"]'), graph);
            for (const edge of ["n_gateway --> n_egress_policy", "n_egress_policy_namespace --> n_egress_policy", "n_egress_policy --> n_sidecar"]) assert.ok(graph.includes(`    ${edge}\n`), edge);
            const check = cli("check", f);
            assert.strictEqual(check.status, 0, check.stderr);
            assert.strictEqual(check.stdout, `${f}: OK, 5 objects, no findings\n`);
        });

        it("check refuses what the policy cannot express, with its path, and exits 1", () => {
            const f = file("policy-tcp.yaml", "kubeconfig: kc\nclusterIds: [c1]\nrouting: asmEgressTrafficPolicy\nservices: [{name: db, hosts: [db.internal], addresses: [10.0.0.5], ports: [{number: 5432, protocol: TCP}]}]\n");
            const run = cli("check", f);
            assert.strictEqual(run.status, 1);
            assert.match(run.stderr, /services\[0\]\.ports\[0\]\.protocol: routing is asmEgressTrafficPolicy, but TCP to addresses cannot be expressed/);
        });

        it("simulate refuses with exit 2: the objects ASM generates are not ours to simulate", () => {
            const run = cli("simulate", policyFile());
            assert.strictEqual(run.status, 2);
            assert.strictEqual(run.stdout, "");
            assert.match(run.stderr, /routes are an ASMEgressTrafficPolicy, from which ASM's control plane generates the Istio objects; the simulator has no ASM controller, so only routing: istio can be simulated/);
        });
    });

    it("never prints a kubeconfig from the file", () => {
        const f = file("secret.yaml", `kubeconfig: |\n${SECRET.split("\n").map((l) => `  ${l}`).join("\n")}\nclusterIds: [c1]\nservices: [{name: a, hosts: [a.com], ports: [{number: 80, protocol: HTTP}]}]\n`);
        const bad = file("secret-bad.yaml", fs.readFileSync(f, "utf8").replace("clusterIds: [c1]", "clusterIds: 5"));
        for (const args of [["plan", f], ["render", f], ["graph", f], ["graph", f, "--format", "dot"], ["check", f, "--format", "json"], ["check", bad], ["check", bad, "--format", "json"]]) {
            const run = cli(...args);
            assert.ok(!`${run.stdout}${run.stderr}`.includes("TOP-SECRET-TOKEN"), args.join(" "));
        }
        const out = path.join(dir, "secret-out");
        cli("render", f, "-o", out);
        for (const name of fs.readdirSync(out)) assert.ok(!fs.readFileSync(path.join(out, name), "utf8").includes("TOP-SECRET"), name);
    });

    it("has --help on every command", () => {
        for (const command of [[], ["plan"], ["render"], ["graph"], ["check"]]) {
            const run = cli(...command, "--help");
            assert.strictEqual(run.status, 0, command.join(" "));
            assert.match(run.stdout, /^Usage: mesh-egress/);
        }
        const unknown = cli("deploy", MIXED);
        assert.notStrictEqual(unknown.status, 0);
        assert.match(unknown.stderr, /unknown command 'deploy'/);
    });
});
