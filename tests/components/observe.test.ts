// `observe`: the Telemetry that logs only passthrough calls, where it goes, what it waits for,
// and how the component registers it.
import * as assert from "assert";
import { buildEgressPlan } from "../../components/internal";
import { construct } from "../support/harness";
import { HTTP_SERVICES, withKubeconfig } from "../support/fixtures";

const PASSTHROUGH_ONLY = {
    accessLogging: [{ providers: [{ name: "envoy" }], match: { mode: "CLIENT" }, filter: { expression: "xds.cluster_name == 'PassthroughCluster'" } }],
};

describe("observe: passthrough-only access logs at the sidecars", () => {
    it("writes one mesh-wide Telemetry in the root namespace, waiting for nothing", () => {
        const plan = buildEgressPlan({ ...withKubeconfig(), outboundTrafficPolicy: "ALLOW_ANY", observe: {} });
        const observe = plan.objects.filter((o) => o.id.startsWith("observe"));
        assert.deepStrictEqual(observe, [
            {
                id: "observe",
                cluster: "mesh",
                manifest: {
                    apiVersion: "telemetry.istio.io/v1alpha1",
                    kind: "Telemetry",
                    metadata: { name: "egressgateway-observe-passthrough", namespace: "istio-system", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } },
                    spec: PASSTHROUGH_ONLY,
                },
                dependsOn: [],
                wave: 0,
                service: undefined,
            },
        ]);
    });

    it("writes one Telemetry per observed namespace, with the provider given, beside the namespaces locked", () => {
        const plan = buildEgressPlan({ ...withKubeconfig(), gateway: { name: "out" }, registryOnlyNamespaces: ["shop"], observe: { namespaces: ["web", "ci"], provider: "audit-json" } });
        const observe = plan.objects.filter((o) => o.manifest.kind === "Telemetry" && o.id !== "access-log");
        assert.deepStrictEqual(observe.map((o) => [o.id, o.manifest.metadata.namespace, o.manifest.metadata.name, o.dependsOn]), [
            ["observe-web", "web", "out-observe-passthrough", []],
            ["observe-ci", "ci", "out-observe-passthrough", []],
        ]);
        for (const o of observe) {
            assert.deepStrictEqual(o.manifest.spec, { accessLogging: [{ ...PASSTHROUGH_ONLY.accessLogging[0], providers: [{ name: "audit-json" }] }] });
        }
        // The gateway's own access log stays as it was.
        assert.deepStrictEqual(plan.objects.find((o) => o.id === "access-log")!.manifest.spec, { selector: { matchLabels: { "mesh-egress.io/gateway": "out" } }, accessLogging: [{ providers: [{ name: "envoy" }] }] });
    });

    it("writes nothing when observe is not set", () => {
        const plan = buildEgressPlan({ ...withKubeconfig(), outboundTrafficPolicy: "ALLOW_ANY" });
        assert.deepStrictEqual(plan.objects.filter((o) => o.id.startsWith("observe")), []);
    });

    it("is registered as a Telemetry child of the component on the mesh provider, depending on nothing", async () => {
        const { children } = await construct("obs", { ...withKubeconfig(HTTP_SERVICES), outboundTrafficPolicy: "ALLOW_ANY", observe: { namespaces: ["web"] } });
        const child = children.get("obs-observe-web")!;
        assert.strictEqual(child.type, "kubernetes:telemetry.istio.io/v1alpha1:Telemetry");
        assert.strictEqual(child.parentName, "obs");
        assert.strictEqual(child.providerName, "obs-mesh-api");
        assert.deepStrictEqual(child.dependsOn, []);
        assert.deepStrictEqual(child.props.metadata, { name: "egressgateway-observe-passthrough", namespace: "web", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } });
        assert.deepStrictEqual(child.props.spec, PASSTHROUGH_ONLY);
    });
});
