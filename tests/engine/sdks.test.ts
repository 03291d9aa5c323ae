// MeshEgress from the generated Python and Go SDKs (sdk/python, sdk/go): each language's Automation
// API runs an inline program through the real engine and the component provider, against the test
// mesh API server, and must get what the TypeScript component gets.
import * as assert from "assert";
import { buildEgressPlan, manifestId } from "../../components/internal";
import { locate, requireBinaries } from "./binaries";
import type { TestCluster } from "./cluster";
import { cliRender, engineWithCluster, meshEgressProgram, writeConfigFile } from "./engine";
import { MIXED, SEED, namespacesOf } from "./scenarios";
import { Driver, SdkScenario, SdkStack, sdkDriversOrSkip } from "./sdkDriver";
import { EngineStack, registered, usePlugins } from "./stack";

const SDK_SCENARIOS: { name: SdkScenario; args: typeof SEED }[] = [
    { name: "seed", args: SEED },
    { name: "mixed", args: MIXED },
];

/** What each language's program sees of the component's outputs, by type (the drivers export them). */
const TYPED_OUTPUTS: Record<string, Record<string, unknown>> = {
    python: {
        listenerTypes: ["pulumi_mesh_egress.outputs.GatewayListener"],
        portTypes: ["builtins.int"],
        providerType: "pulumi_kubernetes.provider.Provider",
        providerIsKubernetes: true,
    },
    go: {
        listenerTypes: ["meshegress.GatewayListener"],
        portTypes: ["int"],
        providerType: "*kubernetes.Provider",
        providerIsKubernetes: true,
    },
};


describe("MeshEgress from the generated Python and Go SDKs, through the real engine", function () {
    this.timeout(600_000);
    let cluster: TestCluster;
    let sdkDrivers: Driver[] = [];
    /** The TypeScript program's preview of each scenario: what every SDK must register. */
    const expected = new Map<SdkScenario, Map<string, string>>();

    before(async function () {
        cluster = engineWithCluster(this);
        const [pluginDir] = requireBinaries(this, [locate("install-provider.sh")]);
        sdkDrivers = sdkDriversOrSkip(this);
        usePlugins([pluginDir]);
        for (const { name, args } of SDK_SCENARIOS) {
            cluster.ensureNamespaces(namespacesOf(cliRender(writeConfigFile(args))));
            const ts = await EngineStack.create(`ts-${name}-for-sdks`, meshEgressProgram(args, cluster.kubeconfig));
            try {
                expected.set(name, registered(await ts.preview()));
            } finally {
                await ts.remove();
            }
        }
    });

    for (const language of ["python", "go"]) {
        describe(`${language}`, () => {
            let stack: SdkStack;
            before(function () {
                const driver = sdkDrivers.find((d) => d.language === language);
                if (!driver) this.skip();
                stack = new SdkStack(driver!, `${language}-sdk`, cluster.kubeconfig);
            });
            after(async () => {
                // A test that failed half-way must not leave objects for the suites after it.
                if (stack && cluster.managedObjects().length) await stack.run("destroy", "seed");
                stack?.remove();
            });

            for (const { name } of SDK_SCENARIOS) {
                it(`previews the ${name} scenario: exactly the TypeScript program's objects, byte for byte, creating nothing`, async () => {
                    const preview = await stack.run("preview", name);
                    assert.strictEqual(preview.error, undefined);
                    const got = registered(preview);
                    assert.ok(got.size >= 7, [...got.keys()].join());
                    assert.deepStrictEqual(got, expected.get(name));
                    assert.deepStrictEqual(cluster.managedObjects(), []);
                });
            }

            it("refuses bad input at preview and at up, naming every problem and its path, creating nothing", async () => {
                const problems = [
                    "services[0].ports[0].number: 70000 is not valid; use a whole number from 1 to 65535",
                    `services[1].hosts[0]: "not a host" is not a valid DNS name; use labels of letters, digits and '-' separated by '.'`,
                ];
                for (const operation of ["preview", "up"] as const) {
                    const run = await stack.run(operation, "invalid");
                    assert.ok(run.error, `${operation} succeeded`);
                    for (const problem of problems) assert.ok(run.error!.includes(problem), `${operation}: ${problem}\n${run.error}`);
                    assert.deepStrictEqual(registered(run).size, 0);
                }
                assert.deepStrictEqual(cluster.managedObjects(), []);
                assert.ok(!/mesh-egress:index:MeshEgress/.test(stack.stateFileText()), "the failed up recorded the component");
            });

            it("up creates the seed's objects in dependency order, outputs come back typed, the kubeconfig stays secret; a second preview changes nothing; destroy removes them", async () => {
                const run = await stack.run("up", "seed");
                assert.strictEqual(run.error, undefined);
                const plan = buildEgressPlan({ ...SEED, kubeconfig: "kc" });
                const at = (phase: string, object: string) => run.steps.findIndex((s) => s.phase === phase && s.name === object && s.op === "create");
                for (const o of plan.objects) {
                    assert.ok(at("pre", `egress-${o.id}`) >= 0, `${o.id} not created`);
                    for (const dep of o.dependsOn) assert.ok(at("done", `egress-${dep}`) < at("pre", `egress-${o.id}`), `${o.id} before ${dep}`);
                }
                const rendered = cliRender(writeConfigFile(SEED));
                assert.deepStrictEqual(cluster.managedObjects().map(manifestId).sort(), rendered.map(manifestId).sort());

                const out = run.outputs;
                // Every output of the component reaches the program (the drivers export what the schema lists).
                assert.deepStrictEqual(
                    Object.keys(out).filter((k) => !(k in TYPED_OUTPUTS[language])).sort(),
                    ["egressIps", "gatewayHost", "gatewayName", "istioObjects", "kubeconfig", "kubernetesProvider", "listeners", ...(language === "go" ? ["meshId"] : []), "routing"],
                    JSON.stringify(out),
                );
                // A kubeconfig-adopted mesh has no id: Go exports the nil pointer, Python leaves None out.
                if (language === "go") assert.deepStrictEqual(out.meshId, { value: null, secret: false });
                assert.match(JSON.stringify(out.kubernetesProvider.value), /mesh-egress:index:MeshEgress\$pulumi:providers:kubernetes::egress-mesh-api/);
                assert.deepStrictEqual(out.gatewayHost, { value: "istio-egressgateway.istio-system.svc.cluster.local", secret: false });
                assert.deepStrictEqual(out.gatewayName, { value: "egressgateway", secret: false });
                assert.deepStrictEqual(out.listeners, { value: [{ name: "https-80", port: 80 }], secret: false });
                assert.deepStrictEqual(out.istioObjects, {
                    value: [
                        "IstioGateway/istio-system/egressgateway",
                        "Telemetry/istio-system/egressgateway-access-log",
                        "Gateway/istio-system/egressgateway-https-80",
                        "DestinationRule/istio-system/egressgateway-gateway",
                        "ServiceEntry/istio-system/egressgateway-aliyun",
                        "VirtualService/istio-system/egressgateway-aliyun-aliyun-com",
                        "Sidecar/istio-system/egressgateway-registry-only",
                    ],
                    secret: false,
                });
                assert.deepStrictEqual(out.routing, { value: "istio", secret: false });
                assert.deepStrictEqual(out.egressIps, { value: [], secret: false });
                assert.strictEqual(out.kubeconfig.secret, true);
                assert.strictEqual(out.kubeconfig.value, cluster.kubeconfig);
                for (const [key, value] of Object.entries(TYPED_OUTPUTS[language])) assert.deepStrictEqual(out[key], { value, secret: false }, key);
                assert.ok(!stack.stateFileText().includes(cluster.token), "the state holds the token in plain text");

                const again = await stack.run("preview", "seed");
                assert.strictEqual(again.error, undefined);
                assert.deepStrictEqual(Object.keys(again.changes), ["same"], JSON.stringify(again.changes));

                const destroyed = await stack.run("destroy", "seed");
                assert.strictEqual(destroyed.error, undefined);
                assert.deepStrictEqual(cluster.managedObjects(), []);
            });
        });
    }
});
