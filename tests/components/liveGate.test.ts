// The component's live checks at preview: the gate every mesh object waits on, with a reader that
// stands in for the mesh API server (the real one is exercised in tests/engine/liveCheck.test.ts).
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { MeshEgressArgs } from "../../components";
import { EgressPlan, LiveMeshError, LiveReadError, Manifest, buildEgressPlan, liveCheckGate, liveChecksOn } from "../../components/internal";
import type { KubeconfigSource } from "../../components/liveMesh";
import { ALIYUN } from "../support/fixtures";
import "../support/harness";

const ADOPTED: MeshEgressArgs = { kubeconfig: "kc", clusterIds: ["c"], services: [ALIYUN], outboundTrafficPolicy: "REGISTRY_ONLY" };
const TEAM_A_TRIM: Manifest = { apiVersion: "networking.istio.io/v1beta1", kind: "Sidecar", metadata: { name: "default", namespace: "team-a", labels: {} }, spec: { egress: [{ hosts: ["./*"] }] } };
const FOREIGN_POLICY: Manifest = {
    apiVersion: "security.istio.io/v1beta1",
    kind: "AuthorizationPolicy",
    metadata: { name: "audit-egress", namespace: "istio-system", labels: {} },
    spec: { selector: { matchLabels: { istio: "egressgateway" } } },
};

/** A reader that records what it was asked and answers `live` (or throws `error`). */
function reader(live: Manifest[], error?: Error) {
    const asked: KubeconfigSource[] = [];
    const read = async (source: KubeconfigSource): Promise<Manifest[]> => {
        asked.push(source);
        if (error) throw error;
        return live;
    };
    return { asked, read };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

describe("live checks at preview: the gate every mesh object waits on", () => {
    let plan: EgressPlan;
    let warnings: string[];
    const warn = pulumi.log.warn;

    beforeEach(() => {
        plan = buildEgressPlan(ADOPTED);
        warnings = [];
        (pulumi.log as { warn: (msg: string) => void }).warn = (msg: string) => warnings.push(msg);
    });

    afterEach(() => {
        (pulumi.log as { warn: typeof warn }).warn = warn;
    });

    it("opens on a clean mesh after reading it with the mesh's kubeconfig; warnings are logged, not fatal", async () => {
        const { asked, read } = reader([...plan.objects.map((o) => o.manifest), FOREIGN_POLICY]);
        const gate = liveCheckGate(undefined as unknown as pulumi.Resource, 'MeshEgress "e"', plan, pulumi.secret("kubeconfig-text"), read)!;
        assert.strictEqual(await resolved(gate), true);
        assert.deepStrictEqual(asked, [{ text: "kubeconfig-text" }]);
        assert.deepStrictEqual(warnings, [
            `MeshEgress "e": foreign-authorization-policy AuthorizationPolicy/istio-system/audit-egress: applies to the egress gateway's pods and changes who may pass; check that it allows the plan's callers`,
        ]);
    });

    it("stays shut on an error, naming every finding and that nothing was created", async () => {
        const { read } = reader([TEAM_A_TRIM]);
        const gate = liveCheckGate(undefined as unknown as pulumi.Resource, 'MeshEgress "e"', plan, pulumi.output("kc"), read)!;
        await assert.rejects(resolved(gate), (e: unknown) => {
            assert.ok(e instanceof LiveMeshError);
            assert.deepStrictEqual(
                e.findings.map((f) => [f.code, f.object]),
                [["sidecar-escapes-lock", "Sidecar/team-a/default"]],
            );
            assert.strictEqual(
                e.message,
                [
                    'MeshEgress "e": the mesh already holds objects that undo this plan (nothing was created):',
                    "  - sidecar-escapes-lock Sidecar/team-a/default: sets no outboundTrafficPolicy, so its workloads take the mesh's ALLOW_ANY and replaces the REGISTRY_ONLY lock for namespace team-a: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it",
                ].join("\n"),
            );
            return true;
        });
    });

    it("stays shut when the mesh cannot be read, saying why and how to skip", async () => {
        const { read } = reader([], new LiveReadError("cannot list sidecars.networking.istio.io on https://10.0.0.1:6443: connect ECONNREFUSED"));
        const gate = liveCheckGate(undefined as unknown as pulumi.Resource, 'MeshEgress "e"', plan, pulumi.output("kc"), read)!;
        await assert.rejects(resolved(gate), {
            name: "LiveMeshError",
            message: 'MeshEgress "e": liveChecks cannot read the mesh: cannot list sidecars.networking.istio.io on https://10.0.0.1:6443: connect ECONNREFUSED; fix the access, or set liveChecks: false to skip the checks',
        });
        // Anything else is a bug, passed on as it is.
        const broken = liveCheckGate(undefined as unknown as pulumi.Resource, 'MeshEgress "e"', plan, pulumi.output("kc"), reader([], new TypeError("boom")).read)!;
        await assert.rejects(resolved(broken), { name: "TypeError", message: "boom" });
    });

    it("skips, said once, when the kubeconfig is unknown at preview", async () => {
        const { asked, read } = reader([TEAM_A_TRIM]);
        const gate = liveCheckGate(undefined as unknown as pulumi.Resource, 'MeshEgress "e"', plan, pulumi.output(pulumi.unknown as unknown as string), read)!;
        assert.strictEqual(await resolved(gate), true);
        assert.deepStrictEqual(asked, []);
        assert.deepStrictEqual(warnings, [`MeshEgress "e": liveChecks skipped at preview: the mesh's kubeconfig is not known yet; they run at update`]);
    });

    it("has nothing to read on a new mesh", () => {
        const newMesh = buildEgressPlan({ newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" }, clusterIds: ["c"], services: [ALIYUN] });
        const { asked, read } = reader([TEAM_A_TRIM]);
        assert.strictEqual(liveCheckGate(undefined as unknown as pulumi.Resource, 'MeshEgress "e"', newMesh, pulumi.output("kc"), read), undefined);
        assert.deepStrictEqual(asked, []);
    });

    describe("liveChecks unset: on exactly where the lock is a root Sidecar", () => {
        const NEW_MESH = { newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" } };
        // [what, arguments, on by default, on by default once the same mesh is adopted by id]
        const cases: [string, MeshEgressArgs, boolean, boolean][] = [
            ["an adopted mesh under REGISTRY_ONLY", ADOPTED, true, true],
            ["an adopted mesh under ALLOW_ANY", { ...ADOPTED, outboundTrafficPolicy: "ALLOW_ANY" }, false, false],
            ["an adopted mesh with outboundTrafficPolicy unset (REGISTRY_ONLY by default)", { ...ADOPTED, outboundTrafficPolicy: undefined }, true, true],
            ["registryOnlyNamespaces on an adopted mesh", { ...ADOPTED, registryOnlyNamespaces: ["web"] }, true, true],
            ["a new mesh under REGISTRY_ONLY (the instance carries the lock)", { ...NEW_MESH, clusterIds: ["c"], services: [ALIYUN], outboundTrafficPolicy: "REGISTRY_ONLY" }, false, true],
        ];
        for (const [what, args, on, onById] of cases) {
            it(`${what}: ${on ? "on" : "off"}`, () => {
                const built = buildEgressPlan(args);
                assert.strictEqual(liveChecksOn(undefined, built, true), on);
                // With a Kubernetes provider of the program's own, a kubeconfig argument need not name the mesh: off.
                assert.strictEqual(liveChecksOn(undefined, built, false), false);
                // One read from ASM (a mesh adopted by id) does, whatever provider the objects go through.
                const byId = buildEgressPlan({ ...args, kubeconfig: undefined, newMesh: undefined, meshId: "m-1" });
                assert.strictEqual(liveChecksOn(undefined, byId, false), onById);
                assert.strictEqual(liveChecksOn(undefined, byId, true), onById);
                // An explicit setting always wins.
                assert.strictEqual(liveChecksOn(true, built, false), true);
                assert.strictEqual(liveChecksOn(false, built, true), false);
            });
        }
    });
});
