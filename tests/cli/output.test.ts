// The CLI's outputs built in-process (the CLI suite drives the same code through a child process,
// where mutation testing cannot reach it): the plan summary, the dependency graph, the rendering.
// Expected text is written out here as a reader would check it.
import * as assert from "assert";
import { MeshEgressArgs, buildEgressPlan } from "../../components/internal";
import { dependencyGraph, toDot, toMermaid } from "../../cli/graph";
import { instanceSettings, renderFiles, renderYaml } from "../../cli/render";
import { exits, summary } from "../../cli/summary";

const WEB = { name: "web", hosts: ["web.example"], ports: [{ number: 80, protocol: "HTTP" as const }] };
const NEW_MESH: MeshEgressArgs = { newMesh: { vpcId: "v", vswitchId: "s" }, clusterIds: ["c1"], accessLog: { enabled: false }, services: [WEB] };
const RICH: MeshEgressArgs = {
    kubeconfig: "kc",
    clusterIds: ["c1"],
    registryOnlyNamespaces: ["shop", "web"],
    gateway: { autoscaling: { minReplicas: 2, maxReplicas: 4 } },
    bypassProtection: { namespaces: ["shop"], allowedCidrs: ["10.9.0.0/16"] },
    services: [
        {
            name: "pay",
            hosts: ["api.pay.example"],
            ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { credentialName: "pay-client" } }, { number: 8080, protocol: "HTTP", tlsOrigination: {} }],
            allowFrom: [{ namespace: "shop", serviceAccount: "checkout" }, { namespace: "web" }],
            exportTo: ["shop", "web"],
        },
        { name: "git", hosts: ["github.com"], ports: [{ number: 443, protocol: "HTTPS" }] },
        { name: "wiki", hosts: ["*.wikipedia.org"], upstreamHost: "www.wikipedia.org", ports: [{ number: 443, protocol: "TLS" }] },
        { name: "db", hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] },
    ],
};
const PLAIN: MeshEgressArgs = { meshId: "m-1", clusterIds: ["c1"], outboundTrafficPolicy: "ALLOW_ANY", gateway: { mutualTls: false, replicas: 3 }, accessLog: { provider: "otel" }, services: [WEB] };

describe("CLI output, in-process", () => {
    it("graphs a new mesh's plan as Mermaid, the mesh first", () => {
        assert.strictEqual(toMermaid(dependencyGraph(buildEgressPlan(NEW_MESH))), [
            "flowchart LR",
            '    n_mesh["ServiceMesh<br/>(new ASM instance)"]',
            '    n_gateway["IstioGateway<br/>istio-system/egressgateway"]',
            '    n_gw_https_80["Gateway<br/>istio-system/egressgateway-https-80"]',
            '    n_dr_gateway["DestinationRule<br/>istio-system/egressgateway-gateway"]',
            '    n_se_web["ServiceEntry<br/>istio-system/egressgateway-web"]',
            '    n_vs_web_web_example["VirtualService<br/>istio-system/egressgateway-web-web-example"]',
            "    n_mesh --> n_gateway",
            "    n_gateway --> n_gw_https_80",
            "    n_gateway --> n_dr_gateway",
            "    n_gateway --> n_se_web",
            "    n_se_web --> n_vs_web_web_example",
            "    n_gw_https_80 --> n_vs_web_web_example",
            "    n_dr_gateway --> n_vs_web_web_example",
            "",
        ].join("\n"));
    });

    it("graphs the same plan as DOT, escaping newlines, quotes and backslashes", () => {
        const graph = dependencyGraph(buildEgressPlan(NEW_MESH));
        assert.strictEqual(toDot(graph), [
            "digraph mesh_egress {",
            "    rankdir=LR;",
            "    node [shape=box];",
            '    "mesh" [label="ServiceMesh\\n(new ASM instance)"];',
            '    "gateway" [label="IstioGateway\\nistio-system/egressgateway"];',
            '    "gw-https-80" [label="Gateway\\nistio-system/egressgateway-https-80"];',
            '    "dr-gateway" [label="DestinationRule\\nistio-system/egressgateway-gateway"];',
            '    "se-web" [label="ServiceEntry\\nistio-system/egressgateway-web"];',
            '    "vs-web-web-example" [label="VirtualService\\nistio-system/egressgateway-web-web-example"];',
            '    "mesh" -> "gateway";',
            '    "gateway" -> "gw-https-80";',
            '    "gateway" -> "dr-gateway";',
            '    "gateway" -> "se-web";',
            '    "se-web" -> "vs-web-web-example";',
            '    "gw-https-80" -> "vs-web-web-example";',
            '    "dr-gateway" -> "vs-web-web-example";',
            "}",
            "",
        ].join("\n"));
        assert.strictEqual(toDot({ nodes: [{ id: 'a"b\\c', label: "x" }], edges: [] }).split("\n")[3], '    "a\\"b\\\\c" [label="x"];');
        assert.strictEqual(toMermaid({ nodes: [{ id: "a.b", label: 'say "hi"\nthere' }], edges: [] }).split("\n")[1], '    n_a_b["say #quot;hi#quot;<br/>there"]');
    });

    it("summarises a plain, adopted-by-id plan line by line", () => {
        assert.strictEqual(summary(buildEgressPlan(PLAIN), "b.yaml"), [
            "mesh-egress plan for b.yaml",
            "",
            "Mesh:            existing ASM instance, adopted by id (kubeconfig read through the Alibaba Cloud API, kept secret)",
            "Routing:         Istio objects (per service a ServiceEntry and a VirtualService per host; per listener a Gateway; shared DestinationRules toward the gateway), routing: istio",
            "                 because requested (routing: istio)",
            "Gateway:         IstioGateway istio-system/egressgateway -> Service istio-egressgateway.istio-system.svc.cluster.local",
            "                 3 replicas, sidecar-to-gateway plain (no mTLS)",
            "                 ready when jsonpath={.status.Status}=Available (up waits up to 600 s before any route)",
            "Listeners:       80 http-80",
            "Outbound policy: ALLOW_ANY (unregistered hosts stay reachable)",
            "Access control:  open: any workload that sees a service may use it",
            "Access logs:     on (Telemetry, provider otel)",
            "",
            "Exits (1):",
            "  FROM (sees it)  GATEWAY LISTENER            TO              TRAFFIC  TLS app | sidecar->gw | gw->host  ALLOWED",
            "  all namespaces  egressgateway:80 (http-80)  web.example:80  HTTP     plain | none | plain              every namespace",
            "",
            "Objects (6) in rollout order, 3 waves; each wave waits for the one before:",
            "  wave 1:",
            "    IstioGateway/istio-system/egressgateway",
            "    Telemetry/istio-system/egressgateway-access-log",
            "  wave 2:",
            "    Gateway/istio-system/egressgateway-http-80",
            "    DestinationRule/istio-system/egressgateway-gateway",
            "    ServiceEntry/istio-system/egressgateway-web",
            "  wave 3:",
            "    VirtualService/istio-system/egressgateway-web-web-example",
            "",
        ].join("\n"));
    });

    it("says what the up awaits on the gateway before any route, or that it awaits nothing", () => {
        const line = (readiness: NonNullable<MeshEgressArgs["gateway"]>["readiness"]) => summary(buildEgressPlan({ ...PLAIN, gateway: { readiness } }), "r.yaml").split("\n")[7];
        assert.strictEqual(line({ jsonPath: "{.status.phase}", value: "Running", timeoutSeconds: 90 }), "                 ready when jsonpath={.status.phase}=Running (up waits up to 90 s before any route)");
        assert.strictEqual(line({ enabled: false }), "                 readiness not awaited: routes follow the IstioGateway at once");
    });

    it("summarises a rich plan: scoped policy, autoscaling, allow-lists, bypass guard and every kind of exit", () => {
        const lines = summary(buildEgressPlan(RICH), "a.yaml").split("\n");
        assert.deepStrictEqual(lines.slice(2, 21), [
            "Mesh:            existing mesh, adopted by its API server kubeconfig (kept secret, not shown)",
            "Routing:         Istio objects (per service a ServiceEntry and a VirtualService per host; per listener a Gateway; shared DestinationRules toward the gateway), routing: istio",
            "                 because requested (routing: istio)",
            "Gateway:         IstioGateway istio-system/egressgateway -> Service istio-egressgateway.istio-system.svc.cluster.local",
            "                 autoscaled 2-4 replicas, sidecar-to-gateway ISTIO_MUTUAL",
            "                 ready when jsonpath={.status.Status}=Available (up waits up to 600 s before any route)",
            "Listeners:       80 https-80, 443 tls-443, 8080 https-8080",
            "Outbound policy: REGISTRY_ONLY in shop, web, through Sidecar objects created after every route",
            "Access control:  gateway denies every request no allow-list permits",
            "Access logs:     on (Telemetry, provider envoy)",
            "Bypass guard:    NetworkPolicies in shop (data-plane cluster)",
            "",
            "Exits (5):",
            "  FROM (sees it)  GATEWAY LISTENER                 TO                                         TRAFFIC               TLS app | sidecar->gw | gw->host            ALLOWED",
            "  shop, web       egressgateway:80 (https-80)      api.pay.example:443                        HTTP, TLS originated  plain | ISTIO_MUTUAL | MUTUAL (originated)  shop/sa/checkout, web",
            "  shop, web       egressgateway:8080 (https-8080)  api.pay.example:443                        HTTP, TLS originated  plain | ISTIO_MUTUAL | SIMPLE (originated)  shop/sa/checkout, web",
            "  all namespaces  egressgateway:443 (tls-443)      github.com:443                             TLS passthrough       app TLS | ISTIO_MUTUAL | app TLS            every namespace (no allow-list)",
            "  all namespaces  egressgateway:443 (tls-443)      *.wikipedia.org via www.wikipedia.org:443  TLS passthrough       app TLS | ISTIO_MUTUAL | app TLS            every namespace (no allow-list)",
            "  all namespaces  egressgateway:443 (tls-443)      db.internal:5432                           TCP                   plain | ISTIO_MUTUAL | plain                every namespace (no allow-list)",
        ]);
        assert.strictEqual(lines[22], "Objects (26) in rollout order, 5 waves; each wave waits for the one before:");
        assert.deepStrictEqual(lines.slice(-5), ["  wave 5:", "    Sidecar/shop/egressgateway-registry-only", "    Sidecar/web/egressgateway-registry-only", "    NetworkPolicy/shop/egressgateway-egress-only [data plane]", ""]);
        assert.deepStrictEqual(exits(buildEgressPlan(RICH))[0].service, "pay");
    });

    it("counts the new mesh as the first wave", () => {
        const lines = summary(buildEgressPlan(NEW_MESH), "n.yaml").split("\n");
        assert.ok(lines.includes("Objects (5) in rollout order, 4 waves; each wave waits for the one before:"), lines.join("\n"));
        assert.deepStrictEqual(lines.slice(lines.indexOf("  wave 1:"), lines.indexOf("  wave 1:") + 3), ["  wave 1:", "    ServiceMesh (new ASM instance)", "  wave 2:"]);
        assert.ok(lines.includes("Mesh:            new ASM instance (alicloud.servicemesh.ServiceMesh), created first"));
        assert.ok(lines.includes("Outbound policy: REGISTRY_ONLY mesh-wide, through the new instance's meshConfig"));
        assert.ok(lines.includes("Access logs:     off"));
    });

    it("says what goes to the ASM instance itself for each way of closing the mesh", () => {
        assert.deepStrictEqual(instanceSettings(buildEgressPlan(RICH)), { outboundTrafficPolicy: "unchanged", note: "applied by the Sidecar objects below, after every route; leave the instance's own policy unchanged" });
        assert.deepStrictEqual(instanceSettings(buildEgressPlan(PLAIN)), { outboundTrafficPolicy: "unchanged", note: "ALLOW_ANY: nothing closes the mesh" });
        assert.deepStrictEqual(instanceSettings(buildEgressPlan({ ...NEW_MESH, accessLog: undefined, registryOnlyNamespaces: ["shop"] })), {
            outboundTrafficPolicy: "ALLOW_ANY",
            accessLog: { enabled: true, gatewayEnabled: true, gatewayLifecycle: 7, project: undefined },
            note: "set on the new ASM instance (meshConfig) by the Pulumi component; REGISTRY_ONLY is applied by the Sidecar objects below, after every route",
        });
        assert.strictEqual(instanceSettings(buildEgressPlan(NEW_MESH)).note, "set on the new ASM instance (meshConfig) by the Pulumi component");
    });

    it("renders one YAML stream with the settings as a comment and the data-plane section last", () => {
        const yaml = renderYaml(buildEgressPlan(RICH), "a.yaml");
        assert.deepStrictEqual(yaml.split("\n").slice(0, 8), [
            "# Rendered by mesh-egress from a.yaml.",
            "# Apply to the mesh (ASM) API server, in this order: kubectl --kubeconfig <asm-kubeconfig> apply -f <this file>",
            "# ASM instance settings (Alibaba Cloud API or console, not kubectl):",
            "# meshConfig:",
            "#   outboundTrafficPolicy: unchanged",
            "#   note: applied by the Sidecar objects below, after every route; leave the instance's own policy unchanged",
            "apiVersion: istio.alibabacloud.com/v1beta1",
            "kind: IstioGateway",
        ]);
        const docs = yaml.split("---\n");
        assert.strictEqual(docs.length, 26);
        assert.ok(docs[25].startsWith("# Data-plane (ACK) cluster objects: apply with the ACK cluster's kubeconfig, after the mesh objects above.\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"), docs[25]);
        assert.ok(!renderYaml(buildEgressPlan(PLAIN), "b.yaml").includes("Data-plane"));
    });

    it("renders one numbered file per object, data-plane objects in their own folder, settings last", () => {
        const files = renderFiles(buildEgressPlan(RICH));
        assert.deepStrictEqual(files.map((f) => f.path).filter((_, i) => [0, 8, 16, 24, 25, 26].includes(i)), [
            "01-istiogateway-istio-system-egressgateway.yaml",
            "09-gateway-istio-system-egressgateway-https-8080.yaml",
            "17-serviceentry-istio-system-egressgateway-wiki-upstream.yaml",
            "25-sidecar-web-egressgateway-registry-only.yaml",
            "data-plane/26-networkpolicy-shop-egressgateway-egress-only.yaml",
            "asm-instance-settings.txt",
        ]);
        assert.ok(files[0].content.startsWith("apiVersion: istio.alibabacloud.com/v1beta1\nkind: IstioGateway\nmetadata:\n  name: egressgateway\n"), files[0].content);
        assert.ok(files[26].content.startsWith("# ASM instance settings (Alibaba Cloud API or console, not kubectl):\n# meshConfig:\n"), files[26].content);
        assert.ok(files[26].content.endsWith("\n"));
        assert.strictEqual(renderFiles(buildEgressPlan(PLAIN))[0].path, "1-istiogateway-istio-system-egressgateway.yaml");
    });
});

describe("plan: observing", () => {
    const base: MeshEgressArgs = { kubeconfig: "kc", clusterIds: ["c1"], services: [{ name: "web", hosts: ["web.example"], ports: [{ number: 80, protocol: "HTTP" }] }] };

    it("says where passthrough calls are logged, and with which provider", () => {
        const everywhere = summary(buildEgressPlan({ ...base, outboundTrafficPolicy: "ALLOW_ANY", observe: {} }), "o.yaml").split("\n");
        assert.ok(everywhere.includes("Observe:         sidecars log calls to unregistered hosts in every namespace (Telemetry, provider envoy); audit them with mesh-egress audit"), everywhere.join("\n"));
        const some = summary(buildEgressPlan({ ...base, registryOnlyNamespaces: ["shop"], observe: { namespaces: ["web", "ci"], provider: "json-log" } }), "o.yaml").split("\n");
        assert.ok(some.includes("Observe:         sidecars log calls to unregistered hosts in web, ci (Telemetry, provider json-log); audit them with mesh-egress audit"), some.join("\n"));
        assert.ok(!summary(buildEgressPlan(base), "o.yaml").includes("Observe:"));
    });
});
