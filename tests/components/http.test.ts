// Plain HTTP through the gateway (the seed procedure): the exact objects, straight from the
// pure plan builder the component uses.
import * as assert from "assert";
import { EgressPlan, Manifest, buildEgressPlan } from "../../components/internal";
import { ALIYUN, HTTP_SERVICES, withKubeconfig } from "../support/fixtures";

const GW_HOST = "istio-egressgateway.istio-system.svc.cluster.local";
const LABELS = { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" };

function object(plan: EgressPlan, id: string): Manifest {
    const found = plan.objects.find((o) => o.id === id);
    assert.ok(found, `no object ${id}; have ${plan.objects.map((o) => o.id).join(", ")}`);
    return found.manifest;
}

describe("plain HTTP egress", () => {
    let seed: ReturnType<typeof buildEgressPlan>;
    beforeEach(() => {
        seed = buildEgressPlan(withKubeconfig([ALIYUN]));
    });

    it("registers the host as a MESH_EXTERNAL DNS ServiceEntry visible to every namespace", () => {
        assert.deepStrictEqual(object(seed, "se-aliyun"), {
            apiVersion: "networking.istio.io/v1beta1",
            kind: "ServiceEntry",
            metadata: { name: "egressgateway-aliyun", namespace: "istio-system", labels: LABELS },
            spec: {
                hosts: ["aliyun.com"],
                location: "MESH_EXTERNAL",
                ports: [{ number: 80, name: "http-80", protocol: "HTTP" }],
                exportTo: ["*"],
                resolution: "DNS",
            },
        });
    });

    it("opens the listener's one ISTIO_MUTUAL server on the gateway pods, for the host and the listener's own SNI", () => {
        assert.deepStrictEqual(object(seed, "gw-https-80"), {
            apiVersion: "networking.istio.io/v1beta1",
            kind: "Gateway",
            metadata: { name: "egressgateway-https-80", namespace: "istio-system", labels: LABELS },
            spec: {
                selector: { "mesh-egress.io/gateway": "egressgateway" },
                servers: [{ port: { number: 80, name: "https-80", protocol: "HTTPS" }, hosts: ["https-80.egressgateway.mesh-egress.internal", "aliyun.com"], tls: { mode: "ISTIO_MUTUAL" } }],
            },
        });
    });

    it("sends sidecar traffic to the gateway with ISTIO_MUTUAL and the listener's SNI, with no subset", () => {
        assert.deepStrictEqual(object(seed, "dr-gateway"), {
            apiVersion: "networking.istio.io/v1beta1",
            kind: "DestinationRule",
            metadata: { name: "egressgateway-gateway", namespace: "istio-system", labels: LABELS },
            spec: {
                host: GW_HOST,
                exportTo: ["*"],
                trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "ISTIO_MUTUAL", sni: "https-80.egressgateway.mesh-egress.internal" } }] },
            },
        });
        assert.strictEqual(seed.objects.some((o) => o.id === "se-sni" || o.id === "dr-sni"), false);
    });

    it("routes the mesh leg to the gateway and the gateway leg to the host", () => {
        const vs = object(seed, "vs-aliyun-aliyun-com");
        assert.strictEqual(vs.metadata.name, "egressgateway-aliyun-aliyun-com");
        assert.deepStrictEqual(vs.spec, {
            hosts: ["aliyun.com"],
            gateways: ["istio-system/egressgateway-https-80", "mesh"],
            exportTo: ["*"],
            http: [
                { name: "mesh-80", match: [{ gateways: ["mesh"], port: 80 }], route: [{ destination: { host: GW_HOST, port: { number: 80 } } }] },
                { name: "gateway-80", match: [{ gateways: ["istio-system/egressgateway-https-80"], port: 80 }], route: [{ destination: { host: "aliyun.com", port: { number: 80 } } }] },
            ],
        });
    });

    it("deploys the IstioGateway as ASM expects for an egress gateway", () => {
        assert.deepStrictEqual(object(seed, "gateway"), {
            apiVersion: "istio.alibabacloud.com/v1beta1",
            kind: "IstioGateway",
            metadata: {
                name: "egressgateway",
                namespace: "istio-system",
                labels: LABELS,
                annotations: { "pulumi.com/waitFor": "jsonpath={.status.Status}=Available", "pulumi.com/timeoutSeconds": "600" },
            },
            spec: {
                gatewayType: "egress",
                clusterIds: ["c-ack-1"],
                serviceType: "ClusterIP",
                replicaCount: 2,
                ports: [{ name: "https-80", port: 80, targetPort: 80, protocol: "TCP" }],
                resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "2", memory: "4Gi" } },
                podLabels: { "mesh-egress.io/gateway": "egressgateway" },
                autoCreateGatewayYaml: false,
                rollingMaxSurge: "25%",
                rollingMaxUnavailable: "25%",
            },
        });
    });

    it("turns on gateway access logs by default", () => {
        assert.deepStrictEqual(object(seed, "access-log"), {
            apiVersion: "telemetry.istio.io/v1alpha1",
            kind: "Telemetry",
            metadata: { name: "egressgateway-access-log", namespace: "istio-system", labels: LABELS },
            spec: { selector: { matchLabels: { "mesh-egress.io/gateway": "egressgateway" } }, accessLogging: [{ providers: [{ name: "envoy" }] }] },
        });
    });

    describe("several services, hosts and ports", () => {
        let plan: ReturnType<typeof buildEgressPlan>;
        beforeEach(() => {
            plan = buildEgressPlan(withKubeconfig(HTTP_SERVICES));
        });

        it("creates one ServiceEntry per service, one VirtualService per host, one Gateway per listener and one DestinationRule toward the gateway", () => {
            const kinds = (kind: string) => plan.objects.filter((o) => o.manifest.kind === kind).map((o) => o.id);
            assert.deepStrictEqual(kinds("ServiceEntry"), ["se-aliyun", "se-docs", "se-metrics"]);
            assert.deepStrictEqual(kinds("Gateway"), ["gw-https-80", "gw-https-8080", "gw-https-9090"]);
            assert.deepStrictEqual(kinds("DestinationRule"), ["dr-gateway"]);
            assert.deepStrictEqual(kinds("VirtualService"), ["vs-aliyun-aliyun-com", "vs-docs-docs-example-com", "vs-docs-help-example-com", "vs-metrics-metrics-example-org"]);
        });

        it("shares one listener per HTTP port across services and exposes exactly those ports", () => {
            assert.deepStrictEqual(plan.listeners.map((l) => [l.name, l.port]), [["https-80", 80], ["https-8080", 8080], ["https-9090", 9090]]);
            assert.deepStrictEqual(object(plan, "gw-https-80").spec.servers, [
                { port: { number: 80, name: "https-80", protocol: "HTTPS" }, hosts: ["https-80.egressgateway.mesh-egress.internal", "aliyun.com", "docs.example.com", "help.example.com"], tls: { mode: "ISTIO_MUTUAL" } },
            ]);
            assert.deepStrictEqual(object(plan, "gw-https-8080").spec.servers, [
                { port: { number: 8080, name: "https-8080", protocol: "HTTPS" }, hosts: ["https-8080.egressgateway.mesh-egress.internal", "docs.example.com", "help.example.com"], tls: { mode: "ISTIO_MUTUAL" } },
            ]);
        });

        it("gives each HTTP listener its own SNI toward the gateway, and no host a subset", () => {
            assert.deepStrictEqual(object(plan, "dr-gateway").spec.trafficPolicy, {
                portLevelSettings: [
                    { port: { number: 80 }, tls: { mode: "ISTIO_MUTUAL", sni: "https-80.egressgateway.mesh-egress.internal" } },
                    { port: { number: 8080 }, tls: { mode: "ISTIO_MUTUAL", sni: "https-8080.egressgateway.mesh-egress.internal" } },
                    { port: { number: 9090 }, tls: { mode: "ISTIO_MUTUAL", sni: "https-9090.egressgateway.mesh-egress.internal" } },
                ],
            });
            assert.strictEqual(object(plan, "dr-gateway").spec.subsets, undefined);
        });

        it("routes each port of a host on both legs", () => {
            const http = object(plan, "vs-docs-help-example-com").spec.http as { name: string; match: unknown[]; route: { destination: unknown }[] }[];
            assert.deepStrictEqual(http.map((r) => r.name), ["mesh-80", "gateway-80", "mesh-8080", "gateway-8080"]);
            assert.deepStrictEqual(http[2].route[0].destination, { host: GW_HOST, port: { number: 8080 } });
            assert.deepStrictEqual(http[1].match, [{ gateways: ["istio-system/egressgateway-https-80"], port: 80 }]);
            assert.deepStrictEqual(http[3].match, [{ gateways: ["istio-system/egressgateway-https-8080"], port: 8080 }]);
            assert.deepStrictEqual(object(plan, "vs-docs-help-example-com").spec.gateways, ["istio-system/egressgateway-https-80", "istio-system/egressgateway-https-8080", "mesh"]);
            assert.deepStrictEqual(http[3].route[0].destination, { host: "help.example.com", port: { number: 8080 } });
        });
    });

    describe("without sidecar-to-gateway mTLS", () => {
        let plan: ReturnType<typeof buildEgressPlan>;
        beforeEach(() => {
            plan = buildEgressPlan({ ...withKubeconfig([ALIYUN]), gateway: { mutualTls: false } });
        });

        it("opens a plain HTTP server and disables TLS toward the gateway explicitly", () => {
            assert.deepStrictEqual(object(plan, "gw-http-80").spec.servers, [{ port: { number: 80, name: "http-80", protocol: "HTTP" }, hosts: ["aliyun.com"] }]);
            assert.deepStrictEqual(object(plan, "dr-gateway").spec, { host: GW_HOST, exportTo: ["*"], trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "DISABLE" } }] } });
        });
    });

    describe("gateway options", () => {
        let plan: ReturnType<typeof buildEgressPlan>;
        beforeEach(() => {
            plan = buildEgressPlan({
                ...withKubeconfig([ALIYUN]),
                gateway: {
                    name: "egress-prod",
                    replicas: 3,
                    resources: { requests: { cpu: "1" } },
                    autoscaling: { maxReplicas: 6 },
                    nodeSelector: { pool: "egress" },
                    tolerations: [{ key: "egress", operator: "Exists", effect: "NoSchedule" }],
                    affinity: { podAntiAffinity: {} },
                    podLabels: { team: "platform" },
                    podAnnotations: { "sidecar.istio.io/logLevel": "info" },
                },
            });
        });

        it("passes replicas, resources, autoscaling, scheduling and labels to the IstioGateway", () => {
            const spec = object(plan, "gateway").spec;
            assert.strictEqual(spec.replicaCount, 3);
            assert.deepStrictEqual(spec.resources, { requests: { cpu: "1" } });
            assert.strictEqual(spec.autoscaleEnabled, true);
            assert.strictEqual(spec.minReplicas, 3);
            assert.strictEqual(spec.maxReplicas, 6);
            assert.deepStrictEqual(spec.cpu, { targetAverageUtilization: 80 });
            assert.deepStrictEqual(spec.nodeSelector, { pool: "egress" });
            assert.deepStrictEqual(spec.tolerations, [{ key: "egress", operator: "Exists", effect: "NoSchedule" }]);
            assert.deepStrictEqual(spec.affinity, { podAntiAffinity: {} });
            assert.deepStrictEqual(spec.podLabels, { team: "platform", "mesh-egress.io/gateway": "egress-prod" });
            assert.deepStrictEqual(spec.podAnnotations, { "sidecar.istio.io/logLevel": "info" });
        });

        it("names everything after the gateway and selects on the component's own label", () => {
            assert.strictEqual(plan.gatewayHost, "istio-egress-prod.istio-system.svc.cluster.local");
            assert.deepStrictEqual(object(plan, "gw-https-80").spec.selector, { "mesh-egress.io/gateway": "egress-prod" });
            assert.strictEqual(object(plan, "gw-https-80").metadata.name, "egress-prod-https-80");
            assert.deepStrictEqual((object(plan, "gw-https-80").spec as any).servers[0].hosts, ["https-80.egress-prod.mesh-egress.internal", "aliyun.com"]);
            assert.strictEqual(object(plan, "vs-aliyun-aliyun-com").metadata.name, "egress-prod-aliyun-aliyun-com");
            assert.strictEqual((object(plan, "dr-gateway").spec as any).host, "istio-egress-prod.istio-system.svc.cluster.local");
        });
    });
});
