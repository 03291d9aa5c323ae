// The component under Pulumi's mocks, in each of the three mesh modes: exact resources,
// parents, providers, dependencies, secrets and outputs.
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { MeshEgressArgs } from "../../components";
import { adoptedMeshKubeconfig } from "../../components/mesh";
import { FAKE_MESH_KUBECONFIG, calls, construct, value } from "../support/harness";
import { HTTP_SERVICES, withKubeconfig } from "../support/fixtures";

const ISTIO = "kubernetes:networking.istio.io/v1beta1";

/** The children every mode creates for HTTP_SERVICES, by resource-name suffix. */
const ROUTING_CHILDREN: Record<string, string> = {
    gateway: "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway",
    "access-log": "kubernetes:telemetry.istio.io/v1alpha1:Telemetry",
    "se-aliyun": `${ISTIO}:ServiceEntry`,
    "se-docs": `${ISTIO}:ServiceEntry`,
    "se-metrics": `${ISTIO}:ServiceEntry`,
    "gw-https-80": `${ISTIO}:Gateway`,
    "gw-https-8080": `${ISTIO}:Gateway`,
    "gw-https-9090": `${ISTIO}:Gateway`,
    "dr-gateway": `${ISTIO}:DestinationRule`,
    "vs-aliyun-aliyun-com": `${ISTIO}:VirtualService`,
    "vs-docs-docs-example-com": `${ISTIO}:VirtualService`,
    "vs-docs-help-example-com": `${ISTIO}:VirtualService`,
    "vs-metrics-metrics-example-org": `${ISTIO}:VirtualService`,
};

const EXPECTED_DEPENDS_ON: Record<string, string[]> = {
    gateway: [],
    "access-log": [],
    "se-aliyun": ["gateway"],
    "gw-https-80": ["gateway"],
    "gw-https-9090": ["gateway"],
    "dr-gateway": ["gateway"],
    "vs-aliyun-aliyun-com": ["se-aliyun", "gw-https-80", "dr-gateway"],
    "vs-docs-docs-example-com": ["se-docs", "gw-https-80", "gw-https-8080", "dr-gateway"],
    "vs-docs-help-example-com": ["se-docs", "gw-https-80", "gw-https-8080", "dr-gateway"],
    "vs-metrics-metrics-example-org": ["se-metrics", "gw-https-9090", "dr-gateway"],
};

const ALL_VIRTUAL_SERVICES = ["vs-aliyun-aliyun-com", "vs-docs-docs-example-com", "vs-docs-help-example-com", "vs-metrics-metrics-example-org"];

function prefixed(name: string, ids: string[]): string[] {
    return ids.map((id) => `${name}-${id}`);
}

async function assertRouting(name: string, built: Awaited<ReturnType<typeof construct>>, provider: string, extraFirstWave: string[] = []): Promise<void> {
    for (const [id, type] of Object.entries(ROUTING_CHILDREN)) {
        const child = built.children.get(`${name}-${id}`);
        assert.ok(child, `missing child ${name}-${id}`);
        assert.strictEqual(child.type, type, id);
        assert.strictEqual(child.parentName, name, `${id} parent`);
        assert.strictEqual(child.providerName, provider, `${id} provider`);
        const registered = built.registered.get(`${name}-${id}`)!;
        assert.strictEqual(registered.type, type);
        assert.ok(registered.provider?.includes(`::${provider}::`), `${id} registered with ${registered.provider}`);
    }
    for (const [id, deps] of Object.entries(EXPECTED_DEPENDS_ON)) {
        const expected = prefixed(name, deps);
        if (deps.length === 0) expected.push(...extraFirstWave);
        assert.deepStrictEqual(built.children.get(`${name}-${id}`)!.dependsOn, expected, `${id} dependsOn`);
    }
}

// How the engine protocol marks a secret value (what the mock monitor receives).
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function withoutSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutSecrets);
    if (value && typeof value === "object") {
        if ((value as Record<string, unknown>)[SECRET_KEY] === SECRET_SIG) return "[secret]";
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v)]));
    }
    return value;
}

describe("MeshEgress component", () => {
    describe("adopting a mesh by kubeconfig", () => {
        const name = "by-kubeconfig";
        let built: Awaited<ReturnType<typeof construct>>;
        // Per test, so mutation testing credits each test with the code it runs.
        beforeEach(async () => {
            built = await construct(name, withKubeconfig());
        });

        it("creates exactly the provider, gateway, per-service objects and the mesh-wide Sidecar", () => {
            const expected = [name, `${name}-mesh-api`, ...prefixed(name, Object.keys(ROUTING_CHILDREN)), `${name}-sidecar`].sort();
            assert.deepStrictEqual([...built.children.keys()].sort(), expected);
            assert.strictEqual(built.children.get(name)!.type, "mesh-egress:index:MeshEgress");
        });

        it("builds its Kubernetes provider from the kubeconfig, as a secret", async () => {
            const provider = built.children.get(`${name}-mesh-api`)!;
            assert.strictEqual(provider.type, "pulumi:providers:kubernetes");
            assert.strictEqual(provider.parentName, name);
            assert.ok(await pulumi.isSecret(provider.props.kubeconfig), "provider kubeconfig must be secret");
        });

        it("gives every Istio object the mesh provider, parent and ordering", async () => {
            await assertRouting(name, built, `${name}-mesh-api`);
        });

        it("closes the mesh with a selector-less Sidecar that waits for every VirtualService", () => {
            const sidecar = built.children.get(`${name}-sidecar`)!;
            assert.strictEqual(sidecar.type, `${ISTIO}:Sidecar`);
            assert.deepStrictEqual(sidecar.dependsOn, prefixed(name, ALL_VIRTUAL_SERVICES));
            const inputs = built.registered.get(`${name}-sidecar`)!.inputs;
            assert.deepStrictEqual(inputs.metadata, { name: "egressgateway-registry-only", namespace: "istio-system", labels: { "app.kubernetes.io/managed-by": "mesh-egress", "mesh-egress.io/gateway": "egressgateway" } });
            assert.deepStrictEqual(inputs.spec, { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" }, egress: [{ hosts: ["*/*"] }] });
            assert.ok(!("workloadSelector" in inputs.spec));
        });

        it("registers the IstioGateway with the cluster ids and the listener ports", () => {
            const spec = built.registered.get(`${name}-gateway`)!.inputs.spec;
            assert.deepStrictEqual(spec.clusterIds, ["c-ack-1"]);
            assert.deepStrictEqual(spec.ports.map((p: { port: number }) => p.port), [80, 8080, 9090]);
        });

        it("exposes the outputs, with the kubeconfig secret", async () => {
            const c = built.component;
            assert.strictEqual(await value(c.meshId), undefined);
            assert.strictEqual(await value(c.gatewayHost), "istio-egressgateway.istio-system.svc.cluster.local");
            assert.strictEqual(await value(c.gatewayName), "egressgateway");
            assert.deepStrictEqual(await value(c.listeners), [{ name: "https-80", port: 80 }, { name: "https-8080", port: 8080 }, { name: "https-9090", port: 9090 }]);
            assert.ok(await pulumi.isSecret(c.kubeconfig));
            assert.strictEqual(await value(c.kubeconfig), "apiVersion: v1\nkind: Config\n");
            const objects = await value(c.istioObjects);
            assert.strictEqual(objects[0], "IstioGateway/istio-system/egressgateway");
            assert.strictEqual(objects[objects.length - 1], "Sidecar/istio-system/egressgateway-registry-only");
            assert.ok(objects.includes("VirtualService/istio-system/egressgateway-docs-help-example-com"));
            assert.strictEqual(objects.length, Object.keys(ROUTING_CHILDREN).length + 1);
        });

        it("never registers the kubeconfig outside a secret, the provider that holds it included", () => {
            const provider = [...built.registered.values()].find((r) => r.type === "pulumi:providers:kubernetes");
            assert.ok(provider, "the component's Kubernetes provider is registered");
            assert.deepStrictEqual(provider.inputs.kubeconfig, { [SECRET_KEY]: SECRET_SIG, value: "apiVersion: v1\nkind: Config\n" });
            for (const r of built.registered.values()) assert.ok(!JSON.stringify(withoutSecrets(r.inputs)).includes("kind: Config"), r.name);
        });
    });

    describe("adopting a mesh by id", () => {
        const name = "by-id";
        let built: Awaited<ReturnType<typeof construct>>;
        const aliProvider = new alicloud.Provider("ali-for-id", { region: "cn-hangzhou" });
        // Per test, so mutation testing credits each test with the code it runs.
        beforeEach(async () => {
            built = await construct(name, { ...withKubeconfig(), kubeconfig: undefined, meshId: "c-mesh-42" }, { providers: { alicloud: aliProvider } });
        });

        it("reads the kubeconfig through getServiceMeshes with details", async () => {
            const call = calls.find((c) => c.token === "alicloud:servicemesh/getServiceMeshes:getServiceMeshes" && c.args.ids?.[0] === "c-mesh-42");
            assert.ok(call, "getServiceMeshes was not called");
            assert.deepStrictEqual(call.args.ids, ["c-mesh-42"]);
            assert.strictEqual(call.args.enableDetails, true);
            assert.match(call.provider ?? "", /::ali-for-id::ali-for-id-id$/, "the invoke goes through the component's alicloud provider");
            assert.strictEqual(await value(built.component.kubeconfig), "kubeconfig-of-c-mesh-42");
            assert.ok(await pulumi.isSecret(built.component.kubeconfig));
            assert.ok(await pulumi.isSecret(built.children.get(`${name}-mesh-api`)!.props.kubeconfig));
            assert.strictEqual(await value(built.component.meshId), "c-mesh-42");
        });

        it("creates no ServiceMesh and wires the same objects", async () => {
            assert.ok(![...built.children.values()].some((c) => c.type.startsWith("alicloud:")));
            await assertRouting(name, built, `${name}-mesh-api`);
            assert.deepStrictEqual(built.children.get(`${name}-sidecar`)!.dependsOn, prefixed(name, ALL_VIRTUAL_SERVICES));
        });

        it("fails clearly when the mesh does not exist or has no kubeconfig", () => {
            assert.throws(() => adoptedMeshKubeconfig("prod", "c-gone", []), { message: 'MeshEgress "prod": ASM instance "c-gone" was not found in this region; check meshId and the alicloud provider\'s region' });
            assert.throws(() => adoptedMeshKubeconfig("prod", "c-1", [{ id: "c-1", kubeConfig: "" }]), /returned no kubeconfig/);
            assert.strictEqual(adoptedMeshKubeconfig("prod", "c-2", [{ id: "c-1", kubeConfig: "a" }, { id: "c-2", kubeConfig: "b" }]), "b");
        });
    });

    describe("creating a new mesh", () => {
        const name = "new-mesh";
        let built: Awaited<ReturnType<typeof construct>>;
        const aliProvider = new alicloud.Provider("ali-for-new", { region: "cn-beijing" });
        const args: MeshEgressArgs = {
            newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1", clusterSpec: "enterprise", version: "v1.22", apiServerPublicEip: true },
            clusterIds: ["c-ack-1", "c-ack-2"],
            services: HTTP_SERVICES,
            accessLog: { slsProject: "egress-logs", retentionDays: 30 },
        };
        // Per test, so mutation testing credits each test with the code it runs.
        beforeEach(async () => {
            built = await construct(name, args, { providers: { alicloud: aliProvider } });
        });

        it("creates the ServiceMesh with network, clusters, REGISTRY_ONLY and gateway logs", () => {
            const mesh = built.children.get(`${name}-mesh`)!;
            assert.strictEqual(mesh.type, "alicloud:servicemesh/serviceMesh:ServiceMesh");
            assert.strictEqual(mesh.parentName, name);
            assert.strictEqual(mesh.providerName, "ali-for-new");
            const inputs = built.registered.get(`${name}-mesh`)!.inputs;
            assert.strictEqual(inputs.serviceMeshName, name);
            assert.strictEqual(inputs.edition, "Pro");
            assert.strictEqual(inputs.force, false);
            assert.strictEqual(inputs.clusterSpec, "enterprise");
            assert.strictEqual(inputs.version, "v1.22");
            assert.deepStrictEqual(inputs.clusterIds, ["c-ack-1", "c-ack-2"]);
            assert.deepStrictEqual(inputs.network, { vpcId: "vpc-1", vswitcheList: "vsw-1" });
            assert.deepStrictEqual(inputs.loadBalancer, { apiServerPublicEip: true, pilotPublicEip: false });
            assert.deepStrictEqual(inputs.meshConfig, {
                outboundTrafficPolicy: "REGISTRY_ONLY",
                accessLog: { enabled: true, gatewayEnabled: true, gatewayLifecycle: 30, project: "egress-logs" },
            });
        });

        it("gives the mesh generous timeouts and a secret kubeconfig", async () => {
            const { MeshEgress } = await import("../../components");
            let seen: pulumi.CustomTimeouts | undefined;
            let secretOutputs: string[] | undefined;
            new MeshEgress("timeouts", { ...args, newMesh: { ...args.newMesh!, timeoutMinutes: 90 } }, {
                transformations: [(a) => {
                    if (a.type === "alicloud:servicemesh/serviceMesh:ServiceMesh") {
                        seen = a.opts.customTimeouts;
                        secretOutputs = (a.opts as pulumi.CustomResourceOptions).additionalSecretOutputs;
                    }
                    return undefined;
                }],
            });
            assert.deepStrictEqual(seen, { create: "90m", update: "90m", delete: "90m" });
            assert.deepStrictEqual(secretOutputs, ["kubeconfig"]);
            assert.ok(await pulumi.isSecret(built.component.kubeconfig));
            assert.strictEqual(await value(built.component.kubeconfig), FAKE_MESH_KUBECONFIG);
            assert.strictEqual(await value(built.component.meshId), `${name}-mesh-id`);
        });

        it("sets REGISTRY_ONLY through meshConfig, so creates no Sidecar", () => {
            assert.ok(!built.children.has(`${name}-sidecar`));
        });

        it("waits for the mesh before the first wave and uses a provider built from its kubeconfig", async () => {
            await assertRouting(name, built, `${name}-mesh-api`, [`${name}-mesh`]);
            const provider = built.children.get(`${name}-mesh-api`)!;
            assert.ok(await pulumi.isSecret(provider.props.kubeconfig));
            assert.strictEqual(await value(pulumi.output(provider.props.kubeconfig)), FAKE_MESH_KUBECONFIG);
        });

        it("makes a caller's own Kubernetes provider wait for the new mesh explicitly", async () => {
            const own = new k8s.Provider("own-k8s", { kubeconfig: "x" });
            const b = await construct("new-mesh-own", args, { providers: { alicloud: aliProvider, kubernetes: own } });
            assert.ok(!b.children.has("new-mesh-own-mesh-api"));
            await assertRouting("new-mesh-own", b, "own-k8s", ["new-mesh-own-mesh"]);
        });

        it("passes every newMesh option through", async () => {
            const b = await construct("new-mesh-options", {
                ...args,
                newMesh: { vpcId: "vpc-2", vswitchId: "vsw-2", edition: "Default", name: "egress-mesh", securityGroupId: "sg-1", force: true },
                accessLog: { enabled: true },
            });
            const inputs = b.registered.get("new-mesh-options-mesh")!.inputs;
            assert.strictEqual(inputs.serviceMeshName, "egress-mesh");
            assert.strictEqual(inputs.edition, "Default");
            assert.strictEqual(inputs.force, true);
            assert.strictEqual(inputs.clusterSpec, undefined);
            assert.deepStrictEqual(inputs.network, { vpcId: "vpc-2", vswitcheList: "vsw-2", securityGroupId: "sg-1" });
            assert.deepStrictEqual(inputs.loadBalancer, { apiServerPublicEip: false, pilotPublicEip: false });
            assert.deepStrictEqual(inputs.meshConfig.accessLog, { enabled: true, gatewayEnabled: true, gatewayLifecycle: 7 });
        });

        it("leaves the outbound policy open with ALLOW_ANY", async () => {
            const b = await construct("new-mesh-open", { ...args, outboundTrafficPolicy: "ALLOW_ANY", accessLog: { enabled: false } });
            assert.strictEqual(b.registered.get("new-mesh-open-mesh")!.inputs.meshConfig.outboundTrafficPolicy, "ALLOW_ANY");
            assert.deepStrictEqual(b.registered.get("new-mesh-open-mesh")!.inputs.meshConfig.accessLog, { enabled: false, gatewayEnabled: false });
            assert.ok(!b.children.has("new-mesh-open-access-log"));
            assert.ok(![...b.children.values()].some((c) => c.type.endsWith(":Sidecar")));
        });
    });

    describe("ALLOW_ANY on an adopted mesh", () => {
        it("creates no Sidecar at all", async () => {
            const b = await construct("open-adopted", { ...withKubeconfig(), outboundTrafficPolicy: "ALLOW_ANY" });
            assert.ok(![...b.children.values()].some((c) => c.type.endsWith(":Sidecar")));
            assert.ok(b.children.has("open-adopted-vs-aliyun-aliyun-com"));
        });
    });
});
