// What a live mesh holds beside the plan: each finding as a literal, and the objects that are not one.
import * as assert from "assert";
import { MeshEgressArgs } from "../../components";
import { Manifest, buildEgressPlan, liveFindings } from "../../components/internal";
import { ALIYUN } from "../support/fixtures";
import { HAND_BUILT_SEED } from "../support/handBuilt";

const MANAGED = { "app.kubernetes.io/managed-by": "mesh-egress" };

function obj(apiVersion: string, kind: string, namespace: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): Manifest {
    return { apiVersion, kind, metadata: { name, namespace, labels }, spec };
}
const sidecar = (ns: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>) => obj("networking.istio.io/v1", "Sidecar", ns, name, spec, labels);
const serviceEntry = (ns: string, name: string, spec: Record<string, unknown>) => obj("networking.istio.io/v1", "ServiceEntry", ns, name, spec);
const virtualService = (ns: string, name: string, spec: Record<string, unknown>) => obj("networking.istio.io/v1", "VirtualService", ns, name, spec);

/** The seed on a kubeconfig-adopted mesh: the lock is a root Sidecar. */
const SEED: MeshEgressArgs = { kubeconfig: "kc", clusterIds: ["c"], services: [ALIYUN], outboundTrafficPolicy: "REGISTRY_ONLY" };
/** The trimming Sidecar a team writes to keep its proxies small, with no outbound policy. */
const TEAM_A_TRIM = sidecar("team-a", "default", { egress: [{ hosts: ["./*", "istio-system/*"] }] });

function findings(args: MeshEgressArgs, live: Manifest[]) {
    return liveFindings(buildEgressPlan(args), live);
}

describe("live checks: what a mesh already holds beside the plan", () => {
    it("finds nothing in a mesh holding only the plan's own objects and unrelated ones", () => {
        const plan = buildEgressPlan(SEED);
        const live = [
            ...plan.objects.map((o) => o.manifest),
            serviceEntry("shop", "internal-db", { hosts: ["db.shop.internal"], location: "MESH_INTERNAL", ports: [{ number: 5432, name: "tcp", protocol: "TCP" }] }),
            virtualService("shop", "reviews", { hosts: ["reviews"], http: [{ route: [{ destination: { host: "reviews" } }] }] }),
            obj("networking.istio.io/v1", "DestinationRule", "shop", "reviews", { host: "reviews" }),
            sidecar("team-a", "default", { egress: [{ hosts: ["./*"] }], outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } }),
            obj("security.istio.io/v1", "AuthorizationPolicy", "shop", "deny-all", {}),
            obj("istio.alibabacloud.com/v1beta1", "IstioGateway", "istio-system", "ingressgateway", { gatewayType: "ingress" }),
        ];
        assert.deepStrictEqual(liveFindings(plan, live), []);
    });

    it("finds the seed procedure's hand-built objects for aliyun.com: its ServiceEntry, its Gateway server and its mesh route", () => {
        assert.deepStrictEqual(findings(SEED, HAND_BUILT_SEED), [
            {
                code: "service-entry-conflict",
                object: "ServiceEntry/default/external-svc-http",
                message: "registers aliyun.com:80, which the plan registers too; Istio merges the two unpredictably; delete it, or leave aliyun.com out of services",
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
        ]);
    });

    describe("Sidecars and the REGISTRY_ONLY lock", () => {
        const escape = {
            code: "sidecar-escapes-lock",
            object: "Sidecar/team-a/default",
            message:
                "sets no outboundTrafficPolicy, so its workloads take the mesh's ALLOW_ANY and replaces the REGISTRY_ONLY lock for namespace team-a: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it",
            severity: "error",
            source: "live",
        };

        it("a team's namespace Sidecar without an outbound policy escapes the root Sidecar's lock", () => {
            assert.deepStrictEqual(findings(SEED, [TEAM_A_TRIM]), [escape]);
        });

        it("so does a workload Sidecar; one that sets REGISTRY_ONLY does not", () => {
            const workload = sidecar("team-a", "billing", { workloadSelector: { labels: { app: "billing" } }, outboundTrafficPolicy: { mode: "ALLOW_ANY" } });
            const locked = sidecar("team-b", "default", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } });
            assert.deepStrictEqual(findings(SEED, [workload, locked]), [
                {
                    code: "sidecar-escapes-lock",
                    object: "Sidecar/team-a/billing",
                    message: "sets outboundTrafficPolicy.mode: ALLOW_ANY and replaces the REGISTRY_ONLY lock for the workloads it selects: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it",
                    severity: "error",
                    source: "live",
                },
            ]);
        });

        it("on a new mesh the instance carries REGISTRY_ONLY: a Sidecar without a policy inherits it, one with ALLOW_ANY escapes", () => {
            const args: MeshEgressArgs = { newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" }, clusterIds: ["c"], services: [ALIYUN], outboundTrafficPolicy: "REGISTRY_ONLY" };
            assert.deepStrictEqual(findings(args, [TEAM_A_TRIM]), []);
            const open = sidecar("team-a", "default", { outboundTrafficPolicy: { mode: "ALLOW_ANY" } });
            assert.deepStrictEqual(
                findings(args, [open]).map((f) => [f.code, f.object]),
                [["sidecar-escapes-lock", "Sidecar/team-a/default"]],
            );
        });

        it("under ALLOW_ANY there is no lock to escape", () => {
            assert.deepStrictEqual(findings({ ...SEED, outboundTrafficPolicy: "ALLOW_ANY" }, [TEAM_A_TRIM]), []);
        });

        it("with registryOnlyNamespaces: a default Sidecar already there is a second one; namespaces outside the list are not locked", () => {
            const args = { ...SEED, registryOnlyNamespaces: ["team-a"] };
            const workload = sidecar("team-a", "billing", { workloadSelector: { labels: { app: "billing" } } });
            const outside = sidecar("team-b", "default", {});
            assert.deepStrictEqual(findings(args, [TEAM_A_TRIM, workload, outside]), [
                {
                    code: "second-default-sidecar",
                    object: "Sidecar/team-a/default",
                    message:
                        "namespace team-a already has a Sidecar without a workloadSelector, and the plan writes another (Istio leaves the choice undefined); set outboundTrafficPolicy.mode: REGISTRY_ONLY on this one and drop team-a from registryOnlyNamespaces, or delete it",
                    severity: "error",
                    source: "live",
                },
                {
                    code: "sidecar-escapes-lock",
                    object: "Sidecar/team-a/billing",
                    message:
                        "sets no outboundTrafficPolicy, so its workloads take the mesh's ALLOW_ANY and replaces the REGISTRY_ONLY lock for the workloads it selects: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it",
                    severity: "error",
                    source: "live",
                },
            ]);
        });

        it("another MeshEgress's root REGISTRY_ONLY Sidecar: one owner of the lock", () => {
            const other = sidecar("istio-system", "teamgw-registry-only", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" }, egress: [{ hosts: ["*/*"] }] }, MANAGED);
            assert.deepStrictEqual(findings(SEED, [other]), [
                {
                    code: "second-lock-owner",
                    object: "Sidecar/istio-system/teamgw-registry-only",
                    message: "another MeshEgress already locks the mesh with this REGISTRY_ONLY Sidecar; let one MeshEgress own the lock (set outboundTrafficPolicy: ALLOW_ANY on the other)",
                    severity: "error",
                    source: "live",
                },
            ]);
            // With the gateway label (every object from 0.3.0 on), the finding names the other MeshEgress.
            assert.deepStrictEqual(findings(SEED, [{ ...other, metadata: { ...other.metadata, labels: { ...MANAGED, "mesh-egress.io/gateway": "teamgw" } } }])[0].message, "another MeshEgress already locks the mesh with this REGISTRY_ONLY Sidecar; let one MeshEgress own the lock (set outboundTrafficPolicy: ALLOW_ANY on the other) (written by the MeshEgress of gateway teamgw)");
            // The same Sidecar without the component's labels is a second default Sidecar of the root namespace.
            const unlabelled = sidecar("istio-system", "teamgw-registry-only", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } });
            assert.deepStrictEqual(
                findings(SEED, [unlabelled]).map((f) => f.code),
                ["second-default-sidecar"],
            );
        });
    });

    describe("direct exits: MESH_EXTERNAL ServiceEntries no route sends through an egress gateway", () => {
        const direct = serviceEntry("team-b", "payments", { hosts: ["api.payments.example", "cdn.payments.example"], ports: [{ number: 443, name: "tls", protocol: "TLS" }] });

        it("are errors under REGISTRY_ONLY (location defaults to MESH_EXTERNAL)", () => {
            assert.deepStrictEqual(findings(SEED, [direct]), [
                {
                    code: "direct-exit",
                    object: "ServiceEntry/team-b/payments",
                    message: "opens api.payments.example, cdn.payments.example to the sidecars directly, around the egress gateway and its allow-list; add them to services, or delete this ServiceEntry",
                    severity: "error",
                    source: "live",
                },
            ]);
        });

        it("are warnings under ALLOW_ANY; a host routed through a gateway is not one", () => {
            const routed = virtualService("team-b", "via-team-gateway", {
                hosts: ["api.payments.example"],
                tls: [{ match: [{ port: 443, sniHosts: ["api.payments.example"] }], route: [{ destination: { host: "istio-teamgw.istio-system.svc.cluster.local", port: { number: 443 } } }] }],
            });
            assert.deepStrictEqual(findings({ ...SEED, outboundTrafficPolicy: "ALLOW_ANY" }, [direct, routed]), [
                {
                    code: "direct-exit",
                    object: "ServiceEntry/team-b/payments",
                    message: "opens cdn.payments.example to the sidecars directly, around the egress gateway and its allow-list; add it to services, or delete this ServiceEntry",
                    severity: "warning",
                    source: "live",
                },
            ]);
        });

        it("a route bound to a gateway alone, or to an in-mesh host, does not take the host to the gateway", () => {
            const gatewayOnly = virtualService("team-b", "gw-only", { hosts: ["api.payments.example", "cdn.payments.example"], gateways: ["istio-system/teamgw"], tls: [{ route: [{ destination: { host: "istio-teamgw.istio-system.svc.cluster.local" } }] }] });
            const inMesh = virtualService("team-b", "in-mesh", { hosts: ["api.payments.example", "cdn.payments.example"], tcp: [{ route: [{ destination: { host: "proxy.team-b.svc.cluster.local" } }] }] });
            assert.deepStrictEqual(
                findings(SEED, [direct, gatewayOnly, inMesh]).map((f) => f.code),
                ["direct-exit"],
            );
        });

        it("MESH_INTERNAL entries are not exits", () => {
            assert.deepStrictEqual(findings(SEED, [serviceEntry("team-b", "vm", { hosts: ["vm.team-b.internal"], location: "MESH_INTERNAL", ports: [{ number: 80, name: "http", protocol: "HTTP" }] })]), []);
        });
    });

    describe("conflicts on the plan's hosts", () => {
        it("a ServiceEntry for a planned host on another port is a direct exit there, not a conflict", () => {
            const other = serviceEntry("default", "aliyun-8443", { hosts: ["aliyun.com"], ports: [{ number: 8443, name: "tls", protocol: "TLS" }] });
            assert.deepStrictEqual(findings(SEED, [other]), [
                {
                    code: "direct-exit",
                    object: "ServiceEntry/default/aliyun-8443",
                    message: "opens aliyun.com:8443 to the sidecars directly, around the egress gateway and its allow-list; add it to services, or delete this ServiceEntry",
                    severity: "error",
                    source: "live",
                },
            ]);
        });

        it("a DestinationRule for a planned host", () => {
            const dr = obj("networking.istio.io/v1", "DestinationRule", "default", "aliyun-tls", { host: "aliyun.com", trafficPolicy: { tls: { mode: "SIMPLE" } } });
            assert.deepStrictEqual(findings(SEED, [dr]), [
                {
                    code: "destination-rule-conflict",
                    object: "DestinationRule/default/aliyun-tls",
                    message: "sets the traffic policy of aliyun.com, as the plan's rules do; Istio uses one rule per host; delete it, or leave aliyun.com out of services",
                    severity: "error",
                    source: "live",
                },
            ]);
        });

        it("a VirtualService for a planned host bound to an ingress gateway alone is not a conflict", () => {
            assert.deepStrictEqual(findings(SEED, [virtualService("default", "ingress", { hosts: ["aliyun.com"], gateways: ["istio-system/ingressgateway"], http: [] })]), []);
        });

        it("a Gateway server for a planned host on other pods, or on another port, is not a conflict", () => {
            const otherPods = obj("networking.istio.io/v1", "Gateway", "default", "teamgw", { selector: { istio: "teamgw" }, servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["aliyun.com"] }] });
            const otherPort = obj("networking.istio.io/v1", "Gateway", "default", "alt", { selector: { istio: "egressgateway" }, servers: [{ port: { number: 8080, name: "http", protocol: "HTTP" }, hosts: ["default/aliyun.com"] }] });
            assert.deepStrictEqual(findings(SEED, [otherPods, otherPort]), []);
        });

        it("a Gateway server naming the host as namespace/host on the plan's own pod labels is one", () => {
            const g = obj("networking.istio.io/v1", "Gateway", "default", "mine-too", { selector: { "mesh-egress.io/gateway": "egressgateway" }, servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["./aliyun.com"] }] });
            assert.deepStrictEqual(
                findings(SEED, [g]).map((f) => [f.code, f.object]),
                [["gateway-server-conflict", "Gateway/default/mine-too"]],
            );
        });
    });

    describe("a second MeshEgress in the mesh (another gateway)", () => {
        const TEAM: MeshEgressArgs = { ...SEED, gateway: { name: "teamgw" }, outboundTrafficPolicy: "ALLOW_ANY" };

        it("its objects for other hosts are no findings: the two work side by side", () => {
            const team = buildEgressPlan({ ...TEAM, services: [{ name: "github", hosts: ["api.github.com"], ports: [{ number: 443, protocol: "TLS" }] }] });
            assert.deepStrictEqual(
                findings(SEED, team.objects.map((o) => o.manifest)),
                [],
            );
        });

        it("a host both claim is refused, naming the other MeshEgress", () => {
            const team = buildEgressPlan({ ...TEAM, services: [ALIYUN] });
            const writer = " (written by the MeshEgress of gateway teamgw)";
            assert.deepStrictEqual(findings(SEED, team.objects.map((o) => o.manifest)), [
                {
                    code: "service-entry-conflict",
                    object: "ServiceEntry/istio-system/teamgw-aliyun",
                    message: "registers aliyun.com:80, which the plan registers too; Istio merges the two unpredictably; delete it, or leave aliyun.com out of services" + writer,
                    severity: "error",
                    source: "live",
                },
                {
                    code: "virtual-service-conflict",
                    object: "VirtualService/istio-system/teamgw-aliyun-aliyun-com",
                    message: "routes aliyun.com for the sidecars, as the plan does; Istio keeps only the oldest; delete it, or leave aliyun.com out of services" + writer,
                    severity: "error",
                    source: "live",
                },
            ]);
        });

        it("the plan's own objects it no longer holds (a renamed service) are the update's to delete, not findings", () => {
            const before = buildEgressPlan({ ...SEED, services: [{ ...ALIYUN, name: "aliyun-old" }] });
            assert.deepStrictEqual(findings(SEED, before.objects.map((o) => o.manifest)), []);
            // Without the gateway label (written by 0.2.0), only the plan's ids are its own.
            const unlabelled = before.objects.map((o) => ({ ...o.manifest, metadata: { ...o.manifest.metadata, labels: MANAGED } }));
            assert.deepStrictEqual(
                findings(SEED, unlabelled).map((f) => [f.code, f.object]),
                [
                    ["service-entry-conflict", "ServiceEntry/istio-system/egressgateway-aliyun-old"],
                    ["virtual-service-conflict", "VirtualService/istio-system/egressgateway-aliyun-old-aliyun-com"],
                ],
            );
        });
    });

    describe("wildcard hosts: Istio routes a host by its most specific match", () => {
        const route = (host: string) => virtualService("team-b", "direct", { hosts: [host], http: [{ route: [{ destination: { host } }] }] });

        it("a route for a host under a planned wildcard takes that host from the plan", () => {
            const plan: MeshEgressArgs = { ...SEED, services: [{ name: "example", hosts: ["*.example.com"], upstreamHost: "edge.example.com", ports: [{ number: 443, protocol: "TLS" }] }] };
            assert.deepStrictEqual(findings(plan, [route("api.eu.example.com")]), [
                {
                    code: "virtual-service-conflict",
                    object: "VirtualService/team-b/direct",
                    message: "routes api.eu.example.com, which the plan's *.example.com covers, and takes it away from the plan's route (Istio routes the most specific host); delete it, or add api.eu.example.com to services",
                    severity: "error",
                    source: "live",
                },
            ]);
            // The wildcard's own domain is not under it.
            assert.deepStrictEqual(findings(plan, [route("example.com")]), []);
        });

        it("a foreign wildcard over a planned host takes nothing from it", () => {
            const plan: MeshEgressArgs = { ...SEED, services: [{ name: "api", hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP" }] }] };
            assert.deepStrictEqual(findings(plan, [route("*.example.com")]), []);
        });
    });

    it("another IstioGateway of the plan's gateway name, not written by the plan", () => {
        const ig = obj("istio.alibabacloud.com/v1beta1", "IstioGateway", "istio-system", "egressgateway", { gatewayType: "egress" });
        assert.deepStrictEqual(findings(SEED, [ig]), [
            {
                code: "istio-gateway-conflict",
                object: "IstioGateway/istio-system/egressgateway",
                message: "an IstioGateway named egressgateway exists and was not written by this plan; name the plan's gateway apart (gateway.name)",
                severity: "error",
                source: "live",
            },
        ]);
        // The plan's own, with its labels, is not a finding; the same name in another namespace is none of ASM's.
        assert.deepStrictEqual(findings(SEED, [{ ...ig, metadata: { ...ig.metadata, labels: MANAGED } }, { ...ig, metadata: { ...ig.metadata, namespace: "other" } }]), []);
    });

    it("AuthorizationPolicies on the gateway's pods, or mesh-wide, that the plan did not write are warnings", () => {
        const onGateway = obj("security.istio.io/v1", "AuthorizationPolicy", "istio-system", "audit-egress", { selector: { matchLabels: { istio: "egressgateway" } }, action: "AUDIT", rules: [{}] });
        const meshWide = obj("security.istio.io/v1", "AuthorizationPolicy", "istio-system", "mesh-deny", { action: "DENY", rules: [{ from: [{ source: { notNamespaces: ["istio-system"] } }] }] });
        const elsewhere = obj("security.istio.io/v1", "AuthorizationPolicy", "istio-system", "ingress", { selector: { matchLabels: { istio: "ingressgateway" } } });
        const otherNamespace = obj("security.istio.io/v1", "AuthorizationPolicy", "shop", "shop-only", { selector: { matchLabels: { istio: "egressgateway" } } });
        const message = "applies to the egress gateway's pods and changes who may pass; check that it allows the plan's callers";
        assert.deepStrictEqual(findings(SEED, [onGateway, meshWide, elsewhere, otherNamespace]), [
            { code: "foreign-authorization-policy", object: "AuthorizationPolicy/istio-system/audit-egress", message, severity: "warning", source: "live" },
            { code: "foreign-authorization-policy", object: "AuthorizationPolicy/istio-system/mesh-deny", message, severity: "warning", source: "live" },
        ]);
    });
});
