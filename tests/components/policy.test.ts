// routing: asmEgressTrafficPolicy and auto: the policy ASM reads, every refusal with its input
// path, automatic mode's choice and its reason, and the component's resources on that path.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { EgressPlan, ExternalServiceArgs, MeshEgressArgs, MeshEgressInputError, buildEgressPlan, manifestId, schemaFindings } from "../../components/internal";
import { parseAsmVersion } from "../../components/policy";
import { construct, registered, value } from "../support/harness";
import { ALIYUN, withKubeconfig } from "../support/fixtures";

const POLICY = "asmEgressTrafficPolicy" as const;

function policyPlan(args: MeshEgressArgs): EgressPlan {
    return buildEgressPlan({ ...args, routing: POLICY });
}

function policyOf(plan: EgressPlan): any {
    const found = plan.objects.find((o) => o.manifest.kind === "ASMEgressTrafficPolicy");
    assert.ok(found, "no ASMEgressTrafficPolicy in the plan");
    return found.manifest;
}

function refusal(args: MeshEgressArgs): MeshEgressInputError {
    try {
        buildEgressPlan(args, "MeshEgress \"t\"");
    } catch (e) {
        assert.ok(e instanceof MeshEgressInputError, String(e));
        return e;
    }
    assert.fail("expected the policy to be refused");
}

const NEW_COMMERCIAL_MESH = { vpcId: "vpc-1", vswitchId: "vsw-1", clusterSpec: "enterprise" };

describe("routing through ASMEgressTrafficPolicy", () => {
    describe("the seed scenario as a policy", () => {
        let plan: ReturnType<typeof policyPlan>;
        beforeEach(() => {
            plan = policyPlan(withKubeconfig([ALIYUN]));
        });

        it("writes the IstioGateway, logs, the istio-egress namespace, the policy and REGISTRY_ONLY, nothing per service", () => {
            assert.deepStrictEqual(
                plan.objects.map((o) => [o.id, manifestId(o.manifest), o.wave]),
                [
                    ["gateway", "IstioGateway/istio-system/egressgateway", 0],
                    ["access-log", "Telemetry/istio-system/egressgateway-access-log", 0],
                    ["egress-policy-namespace", "Namespace/istio-egress", 0],
                    ["egress-policy", "ASMEgressTrafficPolicy/istio-egress/egressgateway", 1],
                    ["sidecar", "Sidecar/istio-system/egressgateway-registry-only", 2],
                ],
            );
            assert.deepStrictEqual(plan.routing, { requested: POLICY, path: POLICY, reasons: ["requested (routing: asmEgressTrafficPolicy)", "not checked: the mesh is adopted, so its edition and version are not known; ASM accepts the policy only on a commercial edition at 1.16.4 or later"] });
        });

        it("orders the rollout: gateway and namespace, then the policy, then the Sidecar that closes the mesh", () => {
            const deps = Object.fromEntries(plan.objects.map((o) => [o.id, o.dependsOn]));
            assert.deepStrictEqual(deps, { gateway: [], "access-log": [], "egress-policy-namespace": [], "egress-policy": ["gateway", "egress-policy-namespace"], sidecar: ["egress-policy"] });
        });

        it("is the policy ASM documents: named after the gateway, bound to it, every namespace to aliyun.com:80 on listener 80", () => {
            assert.deepStrictEqual(policyOf(plan), {
                apiVersion: "istio.alibabacloud.com/v1beta1",
                kind: "ASMEgressTrafficPolicy",
                metadata: { name: "egressgateway", namespace: "istio-egress", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } },
                spec: {
                    byEgressGateway: { name: "egressgateway" },
                    egressRules: [
                        {
                            from: [{ namespace: "*" }],
                            to: [{ name: "aliyun-http-80", hosts: ["aliyun.com"], port: { number: 80, name: "http-80", protocol: "HTTP" }, byEgressGateway: { port: 80 } }],
                        },
                    ],
                },
            });
        });

        it("creates the namespace with the package label only", () => {
            const ns = plan.objects.find((o) => o.id === "egress-policy-namespace")!.manifest;
            assert.deepStrictEqual(ns, { apiVersion: "v1", kind: "Namespace", metadata: { name: "istio-egress", labels: { "app.kubernetes.io/managed-by": "mesh-egress" } }, spec: {} });
        });

        it("passes the schema checks, and the schema refuses what ASM would", () => {
            assert.deepStrictEqual(schemaFindings(plan.objects.map((o) => o.manifest)), []);
            const bad = structuredClone(policyOf(plan));
            bad.spec.egressRules[0].to[0].hosts = Array.from({ length: 51 }, (_, i) => `h${i}.example.com`);
            bad.spec.egressRules[0].to[0].sni = "x";
            bad.metadata.namespace = "istio-system";
            const messages = schemaFindings([bad]).map((f) => `${f.code} ${f.message}`);
            assert.deepStrictEqual(messages, [
                "IST0106 Schema validation error: /metadata/namespace must be equal to constant",
                "IST0106 Schema validation error: /spec/egressRules/0/to/0 must NOT have additional properties (sni)",
                "IST0106 Schema validation error: /spec/egressRules/0/to/0/hosts must NOT have more than 50 items",
            ]);
        });
    });

    describe("every kind of traffic the policy carries", () => {
        const services: ExternalServiceArgs[] = [
            { name: "web", hosts: ["www.example.com", "example.com"], ports: [{ number: 80, protocol: "HTTP" }, { number: 443, protocol: "HTTPS" }] },
            { name: "bus", hosts: ["bus.example.net"], ports: [{ number: 9443, protocol: "TLS" }] },
            { name: "api", hosts: ["api.example.org"], ports: [{ number: 8080, protocol: "HTTP", tlsOrigination: { port: 8443 } }] },
            { name: "legacy", hosts: ["legacy.example.org"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }] },
            // A pinned listener and one that falls back (15001 is Istio's).
            { name: "pinned", hosts: ["pinned.example.org"], ports: [{ number: 81, protocol: "HTTP", gatewayPort: 8181 }] },
            { name: "reserved", hosts: ["reserved.example.org"], ports: [{ number: 15001, protocol: "HTTP" }] },
        ];
        let plan: ReturnType<typeof policyPlan>;
        beforeEach(() => {
            plan = policyPlan(withKubeconfig(services));
        });

        it("maps each port to a destination with the sidecar port, the listener port and httpsUpgrade for origination", () => {
            assert.deepStrictEqual(policyOf(plan).spec.egressRules, [
                {
                    from: [{ namespace: "*" }],
                    to: [
                        { name: "web-http-80", hosts: ["www.example.com", "example.com"], port: { number: 80, name: "http-80", protocol: "HTTP" }, byEgressGateway: { port: 80 } },
                        { name: "web-https-443", hosts: ["www.example.com", "example.com"], port: { number: 443, name: "https-443", protocol: "HTTPS" }, byEgressGateway: { port: 443 } },
                        { name: "bus-tls-9443", hosts: ["bus.example.net"], port: { number: 9443, name: "tls-9443", protocol: "TLS" }, byEgressGateway: { port: 443 } },
                        { name: "api-http-8080", hosts: ["api.example.org"], port: { number: 8080, name: "http-8080", protocol: "HTTP" }, byEgressGateway: { port: 8080 }, httpsUpgrade: { enabled: true, port: 8443 } },
                        { name: "legacy-http-80", hosts: ["legacy.example.org"], port: { number: 80, name: "http-80", protocol: "HTTP" }, byEgressGateway: { port: 80 }, httpsUpgrade: { enabled: true, port: 443 } },
                        { name: "pinned-http-81", hosts: ["pinned.example.org"], port: { number: 81, name: "http-81", protocol: "HTTP" }, byEgressGateway: { port: 8181 } },
                        { name: "reserved-http-15001", hosts: ["reserved.example.org"], port: { number: 15001, name: "http-15001", protocol: "HTTP" }, byEgressGateway: { port: 20000 } },
                    ],
                },
            ]);
        });

        it("opens the same listeners on the IstioGateway as the Istio path would", () => {
            const gateway = plan.objects.find((o) => o.id === "gateway")!.manifest.spec as any;
            assert.deepStrictEqual(gateway.ports.map((p: any) => `${p.name}:${p.port}`), ["https-80:80", "tls-443:443", "https-8080:8080", "https-8181:8181", "https-20000:20000"]);
            const istio = buildEgressPlan(withKubeconfig(services)).objects.find((o) => o.id === "gateway")!.manifest;
            assert.deepStrictEqual(gateway, istio.spec);
        });

        it("writes no ServiceEntry, Gateway, DestinationRule or VirtualService of its own", () => {
            assert.deepStrictEqual([...new Set(plan.objects.map((o) => o.manifest.kind))], ["IstioGateway", "Telemetry", "Namespace", "ASMEgressTrafficPolicy", "Sidecar"]);
        });
    });

    describe("sources", () => {
        const args: MeshEgressArgs = {
            ...withKubeconfig([
                { ...ALIYUN, allowFrom: [{ namespace: "shop" }, { namespace: "billing", serviceAccount: "invoicer" }] },
                { name: "docs", hosts: ["docs.example.com"], ports: [{ number: 80, protocol: "HTTP" }], allowFrom: [{ namespace: "billing" }, { namespace: "shop" }] },
                { name: "open", hosts: ["open.example.com"], ports: [{ number: 80, protocol: "HTTP" }] },
            ]),
            routing: POLICY,
            registryOnlyNamespaces: ["shop", "billing"],
        };
        let plan: ReturnType<typeof buildEgressPlan>;
        beforeEach(() => {
            plan = buildEgressPlan(args);
        });

        it("has one rule per source set: services with the same namespaces share it, open ones come from every namespace", () => {
            const rules = policyOf(plan).spec.egressRules;
            assert.deepStrictEqual(rules.map((r: any) => [r.from, r.to.map((t: any) => t.name)]), [
                [[{ namespace: "*" }], ["open-http-80"]],
                [[{ namespace: "billing" }, { namespace: "shop" }], ["aliyun-http-80", "docs-http-80"]],
            ]);
        });

        it("keeps the gateway's AuthorizationPolicies (service accounts included), before the policy opens the exit", () => {
            const authz = plan.objects.find((o) => o.id === "authz-aliyun")!.manifest;
            assert.deepStrictEqual((authz.spec as any).rules[0].from, [{ source: { namespaces: ["shop"] } }, { source: { principals: ["*/ns/billing/sa/invoicer"] } }]);
            assert.deepStrictEqual(plan.objects.find((o) => o.id === "egress-policy")!.dependsOn, ["gateway", "egress-policy-namespace", "authz-aliyun", "authz-docs", "authz-open"]);
        });

        it("closes each listed namespace after the policy exists", () => {
            assert.deepStrictEqual(
                plan.objects.filter((o) => o.manifest.kind === "Sidecar").map((o) => [manifestId(o.manifest), o.dependsOn]),
                [
                    ["Sidecar/shop/egressgateway-registry-only", ["egress-policy"]],
                    ["Sidecar/billing/egressgateway-registry-only", ["egress-policy"]],
                ],
            );
        });
    });

    describe("what the policy cannot express", () => {
        const service = (extra: Partial<ExternalServiceArgs>, port: Record<string, unknown> = {}): ExternalServiceArgs => ({ name: "svc", hosts: ["svc.example.com"], ports: [{ number: 80, protocol: "HTTP", ...port }], ...extra });
        const cases: { name: string; args: MeshEgressArgs; path: string; reason: RegExp }[] = [
            { name: "TCP to addresses", args: withKubeconfig([{ name: "db", hosts: ["db.internal"], addresses: ["10.0.0.5"], ports: [{ number: 5432, protocol: "TCP" }] }]), path: "services[0].ports[0].protocol", reason: /TCP to addresses cannot be expressed/ },
            { name: "a wildcard with an upstream", args: withKubeconfig([{ name: "wild", hosts: ["*.example.com"], upstreamHost: "edge.example.com", ports: [{ number: 80, protocol: "HTTP" }] }]), path: "services[0].upstreamHost", reason: /cannot forward to an upstream host/ },
            { name: "origination with a client certificate", args: withKubeconfig([service({}, { tlsOrigination: { credentialName: "client-cert" } })]), path: "services[0].ports[0].tlsOrigination.credentialName", reason: /client certificate/ },
            { name: "origination with a custom CA", args: withKubeconfig([service({}, { tlsOrigination: { caCertificates: "/etc/ca.pem" } })]), path: "services[0].ports[0].tlsOrigination.caCertificates", reason: /custom CA bundle/ },
            { name: "origination with a custom SNI", args: withKubeconfig([service({}, { tlsOrigination: { sni: "other.example.com" } })]), path: "services[0].ports[0].tlsOrigination.sni", reason: /custom SNI/ },
            { name: "origination with its own list of server names", args: withKubeconfig([service({}, { tlsOrigination: { subjectAltNames: ["a.example.com", "b.example.com"] } })]), path: "services[0].ports[0].tlsOrigination.subjectAltNames", reason: /the policy.s httpsUpgrade originates TLS with default settings only, not with a list of names the server certificate must carry/ },
            { name: "plain sidecar-to-gateway traffic", args: { ...withKubeconfig([service({})]), gateway: { mutualTls: false } }, path: "gateway.mutualTls", reason: /always uses mutual TLS/ },
            { name: "more than 50 hosts in one destination", args: withKubeconfig([service({ hosts: Array.from({ length: 51 }, (_, i) => `h${i}.example.com`) })]), path: "services[0].hosts", reason: /has 51 hosts; one policy destination takes at most 50/ },
            { name: "exportTo scoping", args: withKubeconfig([service({ exportTo: ["shop"] })]), path: "services[0].exportTo", reason: /cannot scope a service/ },
            { name: "ALLOW_ANY", args: { ...withKubeconfig([service({})]), outboundTrafficPolicy: "ALLOW_ANY" }, path: "outboundTrafficPolicy", reason: /needs REGISTRY_ONLY/ },
            { name: "a standard edition", args: { newMesh: { ...NEW_COMMERCIAL_MESH, clusterSpec: "standard" }, clusterIds: ["c"], services: [service({})] }, path: "newMesh.clusterSpec", reason: /is standard; ASMEgressTrafficPolicy needs a commercial edition: enterprise or ultimate/ },
            { name: "ASM older than 1.16.4", args: { newMesh: { ...NEW_COMMERCIAL_MESH, version: "v1.16.3.52-g1c55a9b-aliyun" }, clusterIds: ["c"], services: [service({})] }, path: "newMesh.version", reason: /"v1.16.3.52-g1c55a9b-aliyun" is older than 1.16.4/ },
        ];

        for (const c of cases) {
            it(`refuses ${c.name} in policy mode, naming ${c.path}`, () => {
                const error = refusal({ ...c.args, routing: POLICY });
                assert.deepStrictEqual(error.problems.map((p) => p.path), [c.path]);
                assert.match(error.problems[0].message, c.reason);
                assert.match(error.problems[0].message, /^routing is asmEgressTrafficPolicy, but .*; use routing: istio \(or auto\)$/);
                assert.match(error.message, new RegExp(`^MeshEgress "t" has 1 invalid input:\\n  - ${c.path.replace(/[[\].]/g, "\\$&")}: routing is asmEgressTrafficPolicy`));
            });

            it(`falls back to the Istio objects in auto mode for ${c.name}, saying why`, () => {
                const plan = buildEgressPlan({ ...c.args, routing: "auto" });
                assert.strictEqual(plan.routing.path, "istio");
                assert.strictEqual(plan.routing.reasons.length, 1);
                assert.ok(plan.routing.reasons[0].startsWith(`${c.path}: `), plan.routing.reasons[0]);
                assert.match(plan.routing.reasons[0], c.reason);
                assert.ok(!plan.objects.some((o) => o.manifest.kind === "ASMEgressTrafficPolicy"));
                assert.ok(plan.objects.some((o) => o.manifest.kind === "VirtualService"));
            });
        }

        it("lists every refusal in one error", () => {
            const error = refusal({
                ...withKubeconfig([service({ exportTo: ["shop"] }), { name: "db", hosts: ["db.internal"], addresses: ["10.0.0.0/24"], endpoints: ["10.0.0.5"], ports: [{ number: 5432, protocol: "TCP" }] }]),
                gateway: { mutualTls: false },
                routing: POLICY,
            });
            assert.deepStrictEqual(error.problems.map((p) => p.path), ["gateway.mutualTls", "services[0].exportTo", "services[1].ports[0].protocol"]);
        });

        it("accepts exactly 50 hosts, a 1.16.4 mesh and an Ultimate edition", () => {
            const hosts = Array.from({ length: 50 }, (_, i) => `h${i}.example.com`);
            const plan = buildEgressPlan({ newMesh: { ...NEW_COMMERCIAL_MESH, clusterSpec: "ultimate", version: "v1.16.4.1-aliyun" }, clusterIds: ["c"], services: [service({ hosts })], routing: POLICY });
            assert.strictEqual(policyOf(plan).spec.egressRules[0].to[0].hosts.length, 50);
            assert.deepStrictEqual(plan.routing.reasons, ["requested (routing: asmEgressTrafficPolicy)"]);
        });

        it("rejects an unknown routing mode with the valid ones", () => {
            const error = refusal({ ...withKubeconfig([ALIYUN]), routing: "policy" as never });
            assert.deepStrictEqual(error.problems, [{ path: "routing", message: "\"policy\" is not valid; use one of istio, asmEgressTrafficPolicy, auto" }]);
        });
    });

    describe("automatic mode", () => {
        const seed = (newMesh: Record<string, unknown>) => ({ newMesh: { ...NEW_COMMERCIAL_MESH, ...newMesh }, clusterIds: ["c"], services: [ALIYUN], routing: "auto" as const }) as MeshEgressArgs;

        it("takes the policy for a new commercial mesh at the latest or a recent version", () => {
            for (const version of [undefined, "v1.22.6.71-g7d67a80b-aliyun", "1.17.0"]) {
                const plan = buildEgressPlan(seed({ version }));
                assert.deepStrictEqual(plan.routing, { requested: "auto", path: POLICY, reasons: ["every service can be expressed by the policy and the new mesh is a commercial edition at 1.16.4 or later"] }, String(version));
                assert.ok(plan.objects.some((o) => o.id === "egress-policy"));
            }
        });

        it("keeps the Istio objects where the mesh is not known to qualify, saying why", () => {
            const cases: [MeshEgressArgs, RegExp][] = [
                [{ ...withKubeconfig([ALIYUN]), routing: "auto" }, /^the mesh is adopted, so its edition and version are not known/],
                [{ meshId: "m-1", clusterIds: ["c"], services: [ALIYUN], routing: "auto" }, /^the mesh is adopted/],
                [seed({ clusterSpec: undefined }), /^newMesh.clusterSpec is not set/],
                [seed({ version: pulumi.output("v1.22.6") }), /^newMesh.version is not known at preview/],
            ];
            for (const [args, reason] of cases) {
                const plan = buildEgressPlan(args);
                assert.strictEqual(plan.routing.path, "istio");
                assert.match(plan.routing.reasons.join("\n"), reason);
            }
        });

        it("is the Istio path, unchanged, with routing: istio or no routing at all", () => {
            const none = buildEgressPlan(withKubeconfig([ALIYUN]));
            const istio = buildEgressPlan({ ...withKubeconfig([ALIYUN]), routing: "istio" });
            assert.deepStrictEqual(none.routing, { requested: "istio", path: "istio", reasons: ["requested (routing: istio)"] });
            assert.deepStrictEqual(istio.objects, none.objects);
            assert.deepStrictEqual(none.objects.map((o) => o.id), ["gateway", "access-log", "gw-https-80", "dr-gateway", "se-aliyun", "vs-aliyun-aliyun-com", "sidecar"]);
        });
    });

    it("reads ASM version strings", () => {
        assert.deepStrictEqual(parseAsmVersion("v1.22.6.71-g7d67a80b-aliyun"), [1, 22, 6]);
        assert.deepStrictEqual(parseAsmVersion("1.16.4"), [1, 16, 4]);
        assert.deepStrictEqual(parseAsmVersion("v10.1.0"), [10, 1, 0]);
        assert.strictEqual(parseAsmVersion("latest"), undefined);
        assert.strictEqual(parseAsmVersion("build-1.16.3"), undefined);
        // Not a version: nothing is refused for it.
        assert.strictEqual(buildEgressPlan({ newMesh: { ...NEW_COMMERCIAL_MESH, version: "latest" }, clusterIds: ["c"], services: [ALIYUN], routing: POLICY }).routing.path, POLICY);
        for (const [version, older] of [["v1.15.9", true], ["v1.16.3", true], ["v1.16.4", false], ["v1.16.10", false], ["v2.0.0", false], ["v0.99.99", true]] as const) {
            const run = () => buildEgressPlan({ newMesh: { ...NEW_COMMERCIAL_MESH, version }, clusterIds: ["c"], services: [ALIYUN], routing: POLICY });
            if (older) assert.throws(run, /newMesh.version/, version);
            else assert.strictEqual(run().routing.path, POLICY, version);
        }
    });

    describe("in the component", () => {
        it("registers the namespace as a patch and the policy as a custom resource, with the mesh provider and the order", async () => {
            const built = await construct("pol", { ...withKubeconfig([ALIYUN]), routing: POLICY });
            const children = [...built.children.values()].filter((c) => c.parentName === "pol");
            assert.deepStrictEqual(
                children.map((c) => [c.name, c.type]).sort(),
                [
                    ["pol-access-log", "kubernetes:telemetry.istio.io/v1alpha1:Telemetry"],
                    ["pol-egress-policy", "kubernetes:istio.alibabacloud.com/v1beta1:ASMEgressTrafficPolicy"],
                    ["pol-egress-policy-namespace", "kubernetes:core/v1:NamespacePatch"],
                    ["pol-gateway", "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway"],
                    ["pol-mesh-api", "pulumi:providers:kubernetes"],
                    ["pol-sidecar", "kubernetes:networking.istio.io/v1beta1:Sidecar"],
                ],
            );
            const ns = built.children.get("pol-egress-policy-namespace")!;
            assert.strictEqual(ns.providerName, "pol-mesh-api");
            assert.deepStrictEqual(ns.props.metadata, { name: "istio-egress", labels: { "app.kubernetes.io/managed-by": "mesh-egress" } });
            const policy = built.children.get("pol-egress-policy")!;
            assert.strictEqual(policy.providerName, "pol-mesh-api");
            assert.deepStrictEqual(policy.dependsOn.sort(), ["pol-egress-policy-namespace", "pol-gateway"]);
            assert.deepStrictEqual(built.children.get("pol-sidecar")!.dependsOn, ["pol-egress-policy"]);
            assert.deepStrictEqual(built.registered.get("pol-egress-policy")!.inputs.spec.byEgressGateway, { name: "egressgateway" });
        });

        it("refuses in policy mode before registering anything", async () => {
            const before = registered.size;
            await assert.rejects(
                construct("refused", { ...withKubeconfig([{ ...ALIYUN, exportTo: ["shop"] }]), routing: POLICY }),
                (e: Error) => pulumi.InputPropertiesError.isInstance(e) && e.errors.map((x) => x.propertyPath).join() === "services[0].exportTo" && /services\[0\]\.exportTo: routing is asmEgressTrafficPolicy, but the policy exports/.test(e.message),
            );
            assert.strictEqual(registered.size, before);
        });
    });
});

describe("the seed example (examples/aliyun) in both routing modes", () => {
    for (const [routing, objects] of [
        ["istio", ["IstioGateway/istio-system/egressgateway", "Telemetry/istio-system/egressgateway-access-log", "Gateway/istio-system/egressgateway-https-80", "DestinationRule/istio-system/egressgateway-gateway", "ServiceEntry/istio-system/egressgateway-aliyun", "VirtualService/istio-system/egressgateway-aliyun-aliyun-com", "Sidecar/istio-system/egressgateway-registry-only"]],
        [POLICY, ["IstioGateway/istio-system/egressgateway", "Telemetry/istio-system/egressgateway-access-log", "Namespace/istio-egress", "ASMEgressTrafficPolicy/istio-egress/egressgateway", "Sidecar/istio-system/egressgateway-registry-only"]],
    ] as const) {
        it(`runs with routing ${routing} from stack config`, async () => {
            pulumi.runtime.setAllConfig({ "mesh-egress:meshId": "m-seed", "mesh-egress:clusterId": "c-seed", "mesh-egress:ackKubeconfig": "kc", "mesh-egress:routing": routing }, ["mesh-egress:ackKubeconfig"]);
            try {
                const modulePath = require.resolve("../../examples/aliyun/index");
                delete require.cache[modulePath];
                const program = await import("../../examples/aliyun/index");
                assert.deepStrictEqual(await value(program.istioObjects), objects);
                assert.strictEqual(await value(program.routingPath), routing);
            } finally {
                pulumi.runtime.setAllConfig({}, []);
            }
        });
    }
});
