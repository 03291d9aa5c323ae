// The gateway's readiness: what the IstioGateway tells the Kubernetes provider to await, that
// nothing reachable (an entry, a route, the lock) is planned before it, and every bad setting.
import * as assert from "assert";
import { MeshEgressArgs } from "../../components";
import { MeshEgressInputError, buildEgressPlan } from "../../components/internal";
import { ALIYUN, withKubeconfig } from "../support/fixtures";
import { construct } from "../support/harness";

const SEED: MeshEgressArgs = { ...withKubeconfig([ALIYUN]), outboundTrafficPolicy: "REGISTRY_ONLY" };

function gatewayMetadata(args: MeshEgressArgs) {
    return buildEgressPlan(args).objects.find((o) => o.id === "gateway")!.manifest.metadata;
}

function problems(args: MeshEgressArgs): string[] {
    try {
        buildEgressPlan(args);
    } catch (e) {
        if (e instanceof MeshEgressInputError) return e.problems.map((p) => `${p.path}: ${p.message}`);
        throw e;
    }
    return [];
}

describe("gateway readiness: no route before the gateway is ready", () => {
    it("awaits status.Status equal to Available for 600 seconds by default", () => {
        assert.deepStrictEqual(gatewayMetadata(SEED).annotations, { "pulumi.com/waitFor": "jsonpath={.status.Status}=Available", "pulumi.com/timeoutSeconds": "600" });
    });

    it("takes another JSONPath, value and timeout; an empty value accepts any value present", () => {
        const readiness = { jsonPath: "{.status.phase}", value: "Running", timeoutSeconds: 90 };
        assert.deepStrictEqual(gatewayMetadata({ ...SEED, gateway: { readiness } }).annotations, { "pulumi.com/waitFor": "jsonpath={.status.phase}=Running", "pulumi.com/timeoutSeconds": "90" });
        assert.deepStrictEqual(gatewayMetadata({ ...SEED, gateway: { readiness: { value: "" } } }).annotations, { "pulumi.com/waitFor": "jsonpath={.status.Status}", "pulumi.com/timeoutSeconds": "600" });
    });

    it("switched off, the IstioGateway carries no annotations", () => {
        assert.deepStrictEqual(gatewayMetadata({ ...SEED, gateway: { readiness: { enabled: false, timeoutSeconds: 5 } } }), {
            name: "egressgateway",
            namespace: "istio-system",
            labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" },
        });
    });

    it("plans every ServiceEntry after the gateway; routes and the lock follow them", () => {
        const services: MeshEgressArgs["services"] = [
            ALIYUN,
            { name: "pay", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }] },
            { name: "wiki", hosts: ["*.wikipedia.org"], upstreamHost: "www.wikipedia.org", ports: [{ number: 443, protocol: "TLS" }] },
        ];
        const plan = buildEgressPlan({ ...SEED, services });
        const entries = plan.objects.filter((o) => o.manifest.kind === "ServiceEntry" && o.service).map((o) => [o.id, o.dependsOn]);
        assert.deepStrictEqual(entries, [
            ["se-aliyun", ["gateway"]],
            ["se-pay", ["gateway"]],
            ["se-pay-tls-api-pay-example", ["gateway"]],
            ["se-wiki", ["gateway"]],
            ["se-wiki-upstream", ["gateway"]],
        ]);
        // The wave after the gateway's: nothing reachable exists while only the gateway does.
        assert.deepStrictEqual([...new Set(plan.objects.filter((o) => o.manifest.kind === "ServiceEntry").map((o) => o.wave))], [1]);
        assert.strictEqual(plan.objects.find((o) => o.id === "gateway")!.wave, 0);
    });

    it("refuses every bad setting with its path and what would be valid", () => {
        assert.deepStrictEqual(problems({ ...SEED, gateway: { readiness: { enabled: "yes" as never, jsonPath: ".status.Status", value: "a\nb", timeoutSeconds: 0 } } }), [
            'gateway.readiness.enabled: "yes" is not valid; use true or false',
            'gateway.readiness.jsonPath: ".status.Status" is not valid; use a JSONPath in braces without spaces or "=", e.g. "{.status.Status}"',
            'gateway.readiness.value: "a\\nb" is not valid; use a string on one line ("" accepts any value present)',
            "gateway.readiness.timeoutSeconds: 0 is not valid; use a whole number from 1 to 86400",
        ]);
        assert.deepStrictEqual(problems({ ...SEED, gateway: { readiness: { jsonPath: "{.status.Status}=Ready" as string, timeout: 5 } as never } }), [
            "gateway.readiness.timeout: unknown field; valid fields are enabled, jsonPath, value, timeoutSeconds",
            'gateway.readiness.jsonPath: "{.status.Status}=Ready" is not valid; use a JSONPath in braces without spaces or "=", e.g. "{.status.Status}"',
        ]);
    });

    it("registers the IstioGateway with the annotations the provider awaits", async () => {
        const { children } = await construct("ready", { ...SEED, gateway: { readiness: { timeoutSeconds: 42 } } });
        const gateway = children.get("ready-gateway")!;
        assert.strictEqual(gateway.type, "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway");
        assert.deepStrictEqual(gateway.props.metadata.annotations, { "pulumi.com/waitFor": "jsonpath={.status.Status}=Available", "pulumi.com/timeoutSeconds": "42" });
        assert.deepStrictEqual(children.get("ready-se-aliyun")!.dependsOn, ["ready-gateway"]);
    });
});
