// The plan's own bookkeeping: apply order and waves, what each object waits for, and the
// resolved spec that every builder reads.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { MeshEgressInputError, buildEgressPlan, buildPlanFromSpec, objectDependencies, resolveSpec } from "../../components/internal";
import type { ExternalServiceArgs } from "../../components/internal";

const WEB: ExternalServiceArgs = { name: "web", hosts: ["web.example"], ports: [{ number: 80, protocol: "HTTP" }], allowFrom: [{ namespace: "shop" }] };
const DB: ExternalServiceArgs = { name: "db", hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5", "10.0.0.9/32"] };

describe("plan bookkeeping", () => {
    it("orders objects by wave, one past the latest thing each waits for, and as built within a wave", () => {
        const plan = buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c1"], services: [WEB, DB] });
        assert.deepStrictEqual(plan.objects.map((o) => [o.id, o.wave]), [
            ["gateway", 0], ["access-log", 0], ["authz-web", 0], ["authz-db", 0],
            ["gw-https-80", 1], ["gw-tls-443", 1], ["dr-gateway", 1], ["se-sni", 1], ["dr-sni", 1], ["se-web", 1], ["se-db", 1],
            ["vs-web-web-example", 2], ["vs-db-db-internal", 2],
            ["sidecar", 3],
        ]);
    });

    it("makes a new mesh's objects that wait for nothing wait for the mesh", () => {
        const plan = buildEgressPlan({ newMesh: { vpcId: "v", vswitchId: "s" }, clusterIds: ["c1"], services: [WEB] });
        const deps = objectDependencies(plan);
        assert.deepStrictEqual(deps.get("gateway"), ["mesh"]);
        assert.deepStrictEqual(deps.get("access-log"), ["mesh"]);
        // An entry waits for the gateway (and its readiness), which waits for the mesh.
        assert.deepStrictEqual(deps.get("se-web"), ["gateway"]);
        assert.deepStrictEqual(deps.get("gw-https-80"), ["gateway"]);
        assert.deepStrictEqual(deps.get("dr-gateway"), ["gateway"]);
        const adopted = objectDependencies(buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c1"], services: [WEB] }));
        assert.deepStrictEqual(adopted.get("gateway"), []);
    });

    it("names the component in errors unless told otherwise", () => {
        assert.throws(() => buildEgressPlan({ kubeconfig: "kc", clusterIds: [], services: [WEB] }), { name: "MeshEgressInputError", message: "MeshEgress has 1 invalid input:\n  - clusterIds: is empty; list at least one entry" });
    });

    it("refuses to build a spec whose routing cannot carry its services", () => {
        const spec = { ...resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [DB] }, "t"), routing: "asmEgressTrafficPolicy" as const };
        assert.throws(() => buildPlanFromSpec(spec, ["c1"]), (e: unknown) => {
            assert.ok(e instanceof MeshEgressInputError);
            assert.strictEqual(e.subject, "MeshEgress");
            assert.deepStrictEqual(e.problems.map((p) => p.path), ["services[0].ports[0].protocol"]);
            return true;
        });
    });

    it("names the subject it is given in a routing refusal, decided once", () => {
        const args = { kubeconfig: "kc", clusterIds: ["c1"], routing: "asmEgressTrafficPolicy" as const, services: [DB] };
        assert.throws(() => buildEgressPlan(args, 'MeshEgress "prod"'), (e: unknown) => {
            assert.ok(e instanceof MeshEgressInputError);
            assert.strictEqual(e.subject, 'MeshEgress "prod"');
            assert.match(e.message, /^MeshEgress "prod" has 1 invalid input:\n {2}- services\[0\]\.ports\[0\]\.protocol: routing is asmEgressTrafficPolicy, but /);
            return true;
        });
        // The spec alone carries no decision: resolving it refuses nothing the policy cannot express.
        assert.strictEqual(resolveSpec(args, "t").routing, "asmEgressTrafficPolicy");
    });
});

describe("resolved spec", () => {
    it("applies every newMesh default in one place, leaving the name to the component", () => {
        assert.deepStrictEqual(resolveSpec({ clusterIds: ["c1"], services: [WEB], newMesh: { vpcId: "v", vswitchId: "s" } }, "t").newMesh, {
            vpcId: "v",
            vswitchId: "s",
            edition: "Pro",
            clusterSpec: undefined,
            version: undefined,
            name: undefined,
            apiServerPublicEip: false,
            securityGroupId: undefined,
            force: false,
            timeoutMinutes: 60,
        });
        const given = { vpcId: "v", vswitchId: "s", edition: "Default", clusterSpec: "ultimate", version: "v1.22", name: "m", apiServerPublicEip: true, securityGroupId: "sg", force: true, timeoutMinutes: 90 };
        assert.deepStrictEqual(resolveSpec({ clusterIds: ["c1"], services: [WEB], newMesh: given }, "t").newMesh, given);
        assert.strictEqual(resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [WEB] }, "t").newMesh, undefined);
    });

    it("derives endpoints from single addresses and keeps no addresses for name-routed services", () => {
        const spec = resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [WEB, DB] }, "t");
        assert.deepStrictEqual(spec.services[0].addresses, []);
        assert.deepStrictEqual(spec.services[0].endpoints, []);
        assert.deepStrictEqual(spec.services[1].addresses, ["10.0.0.5", "10.0.0.9/32"]);
        assert.deepStrictEqual(spec.services[1].endpoints, ["10.0.0.5", "10.0.0.9"]);
    });

    it("exports to the listed namespaces plus the gateway's own, or everywhere when one is *", () => {
        const exportOf = (exportTo: string[]) => resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [{ ...WEB, exportTo }] }, "t").services[0].exportTo;
        assert.deepStrictEqual(exportOf(["shop", ".", "billing"]), [".", "shop", "billing"]);
        assert.deepStrictEqual(exportOf(["shop", "*"]), ["*"]);
    });

    it("locks the gateway down when only defaultAllowFrom lists sources", () => {
        const open = { ...WEB, allowFrom: undefined };
        assert.strictEqual(resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [open], defaultAllowFrom: [{ namespace: "web" }] }, "t").lockedDown, true);
        assert.strictEqual(resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [open] }, "t").lockedDown, false);
    });

    it("tells the three ways of reaching the mesh apart", () => {
        const mode = (over: object) => resolveSpec({ clusterIds: ["c1"], services: [WEB], ...over }, "t").meshMode;
        assert.strictEqual(mode({ kubeconfig: "kc" }), "kubeconfig");
        assert.strictEqual(mode({ meshId: "m-1" }), "id");
        assert.strictEqual(mode({ newMesh: { vpcId: "v", vswitchId: "s" } }), "new");
    });

    it("knows a new mesh's version only when it is a plain string or left to the latest", () => {
        const facts = (version: unknown) => resolveSpec({ clusterIds: ["c1"], services: [WEB], newMesh: { vpcId: "v", vswitchId: "s", version: version as string } }, "t").meshFacts;
        assert.deepStrictEqual(facts("v1.22"), { clusterSpec: undefined, version: "v1.22", versionKnown: true });
        assert.deepStrictEqual(facts(undefined), { clusterSpec: undefined, version: undefined, versionKnown: true });
        assert.deepStrictEqual(facts(pulumi.output("v1.22")), { clusterSpec: undefined, version: undefined, versionKnown: false });
    });

    it("closes the outbound policy in meshConfig only for a new mesh without scoped namespaces", () => {
        const via = (over: object) => resolveSpec({ clusterIds: ["c1"], services: [WEB], ...over }, "t").outboundPolicyVia;
        assert.strictEqual(via({ newMesh: { vpcId: "v", vswitchId: "s" } }), "meshConfig");
        assert.strictEqual(via({ newMesh: { vpcId: "v", vswitchId: "s" }, registryOnlyNamespaces: ["shop"] }), "sidecar");
        assert.strictEqual(via({ kubeconfig: "kc" }), "sidecar");
        assert.strictEqual(via({ kubeconfig: "kc", outboundTrafficPolicy: "ALLOW_ANY", services: [{ ...WEB, allowFrom: undefined }] }), "none");
    });
});
