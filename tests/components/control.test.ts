// Control and visibility: allow-lists, exportTo, bypass protection, access logs and the
// namespace-scoped outbound policy, and that the outbound policy still comes after every route.
import * as k8s from "@pulumi/kubernetes";
import * as assert from "assert";
import { EgressPlan, ExternalServiceArgs, MeshEgressArgs, buildEgressPlan } from "../../components/internal";
import { construct, value } from "../support/harness";
import { GatewayRequest, gatewayAllows } from "../support/authz";

const SELECTOR = { matchLabels: { "mesh-egress.io/gateway": "egressgateway" } };
const ALIYUN: ExternalServiceArgs = { name: "aliyun", hosts: ["aliyun.com"], ports: [{ number: 80, protocol: "HTTP" }], allowFrom: [{ namespace: "default" }, { namespace: "web", serviceAccount: "sleep" }] };
const GITHUB: ExternalServiceArgs = { name: "github", hosts: ["github.com"], ports: [{ number: 443, protocol: "HTTPS" }], allowFrom: [{ namespace: "ci" }] };
const DB: ExternalServiceArgs = { name: "orders-db", hosts: ["orders-db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"], allowFrom: [{ namespace: "orders", serviceAccount: "api" }] };
const OPEN: ExternalServiceArgs = { name: "status", hosts: ["status.example.com"], ports: [{ number: 80, protocol: "HTTP" }] };

function plan(services: ExternalServiceArgs[], extra: Partial<MeshEgressArgs> = {}): EgressPlan {
    return buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c1"], services, ...extra });
}

function object(p: EgressPlan, id: string) {
    const found = p.objects.find((o) => o.id === id);
    assert.ok(found, `no ${id} in ${p.objects.map((o) => o.id).join(", ")}`);
    return found;
}

describe("who may leave: allowFrom", () => {
    let p: ReturnType<typeof plan>;
    beforeEach(() => {
        p = plan([ALIYUN, GITHUB, DB, OPEN]);
    });

    it("allows HTTP by Host header and port, from the listed namespaces and service accounts", () => {
        const ap = object(p, "authz-aliyun").manifest;
        assert.strictEqual(ap.apiVersion, "security.istio.io/v1beta1");
        assert.strictEqual(ap.kind, "AuthorizationPolicy");
        assert.deepStrictEqual(ap.metadata, { name: "egressgateway-allow-aliyun", namespace: "istio-system", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } });
        assert.deepStrictEqual(ap.spec, {
            selector: SELECTOR,
            action: "ALLOW",
            rules: [{
                from: [{ source: { namespaces: ["default"] } }, { source: { principals: ["*/ns/web/sa/sleep"] } }],
                to: [{ operation: { ports: ["80"], hosts: ["aliyun.com", "aliyun.com:*"] } }],
            }],
        });
    });

    it("allows TLS by SNI, and TCP by the SNI its sidecar sends on the shared listener", () => {
        assert.deepStrictEqual(object(p, "authz-github").manifest.spec.rules, [{
            from: [{ source: { namespaces: ["ci"] } }],
            to: [{ operation: { ports: ["443"] } }],
            when: [{ key: "connection.sni", values: ["github.com"] }],
        }]);
        assert.deepStrictEqual(object(p, "authz-orders-db").manifest.spec.rules, [{
            from: [{ source: { principals: ["*/ns/orders/sa/api"] } }],
            to: [{ operation: { ports: ["443"] } }],
            when: [{ key: "connection.sni", values: ["orders-db.internal"] }],
        }]);
    });

    it("keeps services without allowFrom open to every source, on their own hosts only", () => {
        assert.deepStrictEqual(object(p, "authz-status").manifest.spec.rules, [{ to: [{ operation: { ports: ["80"], hosts: ["status.example.com", "status.example.com:*"] } }] }]);
    });

    it("denies everything else: only ALLOW policies, none of which matches other hosts or sources", () => {
        const policies = p.objects.filter((o) => o.manifest.kind === "AuthorizationPolicy");
        assert.deepStrictEqual(policies.map((o) => o.id), ["authz-aliyun", "authz-github", "authz-orders-db", "authz-status"]);
        // Istio denies a request to a workload with ALLOW policies unless one rule matches it.
        const rules = policies.flatMap((o) => (o.manifest.spec as any).rules);
        const allowsHost = (host: string) => rules.some((r: any) => r.to[0].operation.hosts?.includes(host) || r.when?.[0].values.includes(host));
        assert.ok(allowsHost("aliyun.com") && allowsHost("github.com"));
        assert.ok(!allowsHost("evil.example.com"));
        const aliyunSources = (object(p, "authz-aliyun").manifest.spec as any).rules[0].from;
        const sourceNamespaces = aliyunSources.flatMap((f: any) => [...(f.source.namespaces ?? []), ...(f.source.principals ?? []).map((x: string) => x.split("/")[2])]);
        assert.deepStrictEqual(sourceNamespaces, ["default", "web"], "only default and web may reach aliyun.com");
        assert.ok(policies.every((o) => (o.manifest.spec as any).action === "ALLOW"));
    });

    describe("evaluated as Istio evaluates ALLOW policies", () => {
        const request = (r: Partial<GatewayRequest>): GatewayRequest => ({ namespace: "default", serviceAccount: "default", port: 80, ...r });
        const cases: [string, Partial<GatewayRequest>, boolean][] = [
            ["default -> aliyun.com:80", { host: "aliyun.com", sni: "aliyun.com" }, true],
            ["default -> aliyun.com:80 with the port in Host", { host: "aliyun.com:80", sni: "aliyun.com" }, true],
            ["web/sleep -> aliyun.com", { namespace: "web", serviceAccount: "sleep", host: "aliyun.com" }, true],
            ["web/other -> aliyun.com", { namespace: "web", serviceAccount: "other", host: "aliyun.com" }, false],
            ["ci -> aliyun.com", { namespace: "ci", host: "aliyun.com" }, false],
            ["ci -> github.com by SNI", { namespace: "ci", port: 443, sni: "github.com" }, true],
            ["default -> github.com by SNI", { port: 443, sni: "github.com" }, false],
            ["ci -> another SNI on the TLS listener", { namespace: "ci", port: 443, sni: "gitlab.com" }, false],
            ["orders/api -> orders-db", { namespace: "orders", serviceAccount: "api", port: 443, sni: "orders-db.internal" }, true],
            ["orders/api -> github.com on the shared SNI listener", { namespace: "orders", serviceAccount: "api", port: 443, sni: "github.com" }, false],
            ["orders/worker -> orders-db", { namespace: "orders", serviceAccount: "worker", port: 443, sni: "orders-db.internal" }, false],
            ["anyone -> open status service", { namespace: "random", host: "status.example.com" }, true],
            ["default -> unknown host on the HTTP listener", { host: "evil.example.com" }, false],
            ["default -> a port no service uses", { port: 9999, host: "aliyun.com" }, false],
        ];
        for (const [title, r, expected] of cases) {
            it(`${expected ? "allows" : "denies"} ${title}`, () => {
                assert.strictEqual(gatewayAllows(p.objects.map((o) => o.manifest), request(r)), expected);
            });
        }

        it("allows everything while no service lists sources", () => {
            assert.ok(gatewayAllows(plan([OPEN]).objects.map((o) => o.manifest), request({ namespace: "x", host: "anything.example" })));
        });
    });

    it("creates the policy before the route it guards", () => {
        assert.ok(object(p, "vs-aliyun-aliyun-com").dependsOn.includes("authz-aliyun"));
        assert.deepStrictEqual(object(p, "authz-aliyun").dependsOn, []);
    });

    it("creates no policy while no service lists sources, so the gateway stays open", () => {
        const q = plan([OPEN]);
        assert.ok(!q.objects.some((o) => o.manifest.kind === "AuthorizationPolicy"));
    });

    it("applies defaultAllowFrom to services without their own list", () => {
        const q = plan([ALIYUN, OPEN], { defaultAllowFrom: [{ namespace: "platform" }] });
        assert.deepStrictEqual((object(q, "authz-status").manifest.spec as any).rules[0].from, [{ source: { namespaces: ["platform"] } }]);
        assert.deepStrictEqual((object(q, "authz-aliyun").manifest.spec as any).rules[0].from[0], { source: { namespaces: ["default"] } });
    });
});

describe("scope: exportTo", () => {
    const scoped = { ...OPEN, exportTo: ["shop", "billing"] };
    let p: ReturnType<typeof plan>;
    beforeEach(() => {
        p = plan([scoped]);
    });

    it("limits the service's configuration to the listed namespaces plus the gateway's own", () => {
        for (const id of ["se-status", "vs-status-status-example-com"]) {
            assert.deepStrictEqual(object(p, id).manifest.spec.exportTo, [".", "shop", "billing"], id);
        }
    });

    it("keeps the rules toward the gateway visible everywhere, whatever a service's exportTo", () => {
        const q = plan([scoped, { name: "git", hosts: ["git.example"], ports: [{ number: 443, protocol: "TLS" }], exportTo: ["shop"] }]);
        for (const id of ["dr-gateway", "dr-sni", "se-sni"]) assert.deepStrictEqual(object(q, id).manifest.spec.exportTo, ["*"], id);
        assert.deepStrictEqual(object(q, "se-git").manifest.spec.exportTo, [".", "shop"]);
    });

    it("defaults to every namespace", () => {
        assert.deepStrictEqual(object(plan([OPEN]), "se-status").manifest.spec.exportTo, ["*"]);
    });

    it("collapses to every namespace when * is listed", () => {
        assert.deepStrictEqual(object(plan([{ ...OPEN, exportTo: ["shop", "*"] }]), "se-status").manifest.spec.exportTo, ["*"]);
    });
});

describe("access logs", () => {
    it("can be turned off or sent to another Telemetry provider", () => {
        assert.ok(!plan([OPEN], { accessLog: { enabled: false } }).objects.some((o) => o.manifest.kind === "Telemetry"));
        const custom = object(plan([OPEN], { accessLog: { provider: "otel-als" } }), "access-log").manifest.spec;
        assert.deepStrictEqual(custom, { selector: SELECTOR, accessLogging: [{ providers: [{ name: "otel-als" }] }] });
    });
});

describe("outbound policy scoped to namespaces", () => {
    let p: ReturnType<typeof plan>;
    beforeEach(() => {
        p = plan([ALIYUN, GITHUB], { registryOnlyNamespaces: ["default", "web"] });
    });

    it("creates one selector-less REGISTRY_ONLY Sidecar per namespace and no mesh-wide one", () => {
        const sidecars = p.objects.filter((o) => o.manifest.kind === "Sidecar");
        assert.deepStrictEqual(sidecars.map((o) => [o.id, o.manifest.metadata.namespace, o.manifest.metadata.name]), [
            ["sidecar-default", "default", "egressgateway-registry-only"],
            ["sidecar-web", "web", "egressgateway-registry-only"],
        ]);
        for (const s of sidecars) {
            assert.deepStrictEqual(s.manifest.spec, { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" }, egress: [{ hosts: ["*/*"] }] });
        }
    });

    it("still comes after every route", () => {
        const routes = p.objects.filter((o) => o.manifest.kind === "VirtualService").map((o) => o.id);
        assert.deepStrictEqual(routes, ["vs-aliyun-aliyun-com", "vs-github-github-com"]);
        for (const id of ["sidecar-default", "sidecar-web"]) {
            assert.deepStrictEqual(object(p, id).dependsOn, routes);
            assert.ok(object(p, id).wave > Math.max(...routes.map((r) => object(p, r).wave)));
        }
    });

    it("leaves a new mesh's meshConfig open and scopes with Sidecars instead", () => {
        const q = buildEgressPlan({ newMesh: { vpcId: "v", vswitchId: "s" }, clusterIds: ["c1"], services: [OPEN], registryOnlyNamespaces: ["default"] });
        assert.strictEqual(q.spec.outboundPolicyVia, "sidecar");
        assert.deepStrictEqual(q.objects.filter((o) => o.manifest.kind === "Sidecar").map((o) => o.id), ["sidecar-default"]);
    });
});

describe("bypass protection", () => {
    const bypassProtection = { namespaces: ["web", "shop"], allowedCidrs: ["192.168.0.10/32"] };
    let p: ReturnType<typeof plan>;
    beforeEach(() => {
        p = plan([ALIYUN, DB], { bypassProtection });
    });

    it("lets pods reach only the gateway listeners, DNS, the cluster and the allowed CIDRs", () => {
        const np = object(p, "netpol-web");
        assert.strictEqual(np.cluster, "dataPlane");
        assert.deepStrictEqual(np.manifest, {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "egressgateway-egress-only", namespace: "web", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } },
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [
                    { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: SELECTOR }], ports: [{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: 443 }] },
                    { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
                    { to: [{ namespaceSelector: {} }] },
                    { to: [{ ipBlock: { cidr: "192.168.0.10/32" } }] },
                ],
            },
        });
        assert.strictEqual(object(p, "netpol-shop").manifest.metadata.namespace, "shop");
    });

    it("closes direct exits only after every route exists", () => {
        assert.deepStrictEqual(object(p, "netpol-web").dependsOn, ["vs-aliyun-aliyun-com", "vs-orders-db-orders-db-internal"]);
    });

    it("goes to the data-plane cluster through the caller's provider in the component", async () => {
        const dataPlane = new k8s.Provider("ack-data-plane", { kubeconfig: "ack" });
        const built = await construct("bypass", { kubeconfig: "kc", clusterIds: ["c1"], services: [ALIYUN], bypassProtection: { ...bypassProtection, provider: dataPlane } });
        for (const ns of ["web", "shop"]) {
            const np = built.children.get(`bypass-netpol-${ns}`)!;
            assert.strictEqual(np.type, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
            assert.strictEqual(np.parentName, "bypass");
            assert.strictEqual(np.providerName, "ack-data-plane");
            assert.deepStrictEqual(np.dependsOn, ["bypass-vs-aliyun-aliyun-com"]);
            assert.strictEqual(built.registered.get(`bypass-netpol-${ns}`)!.inputs.metadata.namespace, ns);
        }
        // The NetworkPolicies are not Istio objects: the output lists only the mesh's.
        const istioObjects = await value(built.component.istioObjects);
        assert.ok(!istioObjects.some((id) => id.startsWith("NetworkPolicy/")), istioObjects.join());
        assert.strictEqual(istioObjects.length, 8);
    });
});
