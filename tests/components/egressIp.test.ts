// The stable egress IP under Pulumi's mocks (the Alibaba Cloud provider cannot run here): the
// exact NAT gateway, EIPs, associations, SNAT entries and node pool, how they are wired, that the
// gateway pods are pinned to the reserved nodes, and every refusal at preview.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { dependencyGraph } from "../../cli/graph";
import { summary } from "../../cli/summary";
import { MeshEgress, MeshEgressArgs, buildEgressPlan, validateArgs } from "../../components/internal";
import { adoptedEipAddresses, adoptedSnatTable } from "../../components/egressIp";
import { adoptedMeshVpcId } from "../../components/mesh";
import { ALIYUN } from "../support/fixtures";
import { calls, construct, registered, value } from "../support/harness";

const KUBECONFIG = "apiVersion: v1\nkind: Config\n";
const NAT = "alicloud:vpc/natGateway:NatGateway";
const EIP = "alicloud:ecs/eipAddress:EipAddress";
const ASSOCIATION = "alicloud:ecs/eipAssociation:EipAssociation";
const SNAT = "alicloud:vpc/snatEntry:SnatEntry";
const NODE_POOL = "alicloud:cs/nodePool:NodePool";
const CLOUD_TYPES = [NAT, EIP, ASSOCIATION, SNAT, NODE_POOL];

type Built = Awaited<ReturnType<typeof construct>>;

function cloudChildren(built: Built): [string, string][] {
    return [...built.children.values()].filter((c) => CLOUD_TYPES.includes(c.type)).map((c) => [c.name, c.type] as [string, string]).sort(([a], [b]) => a.localeCompare(b));
}

describe("egressIp: a stable egress IP", () => {
    describe("with a new NAT gateway, two created EIPs and the reserved node pool", () => {
        const name = "eip-new";
        const aliProvider = new alicloud.Provider("ali-for-eip", { region: "cn-hangzhou" });
        let built: Built;
        beforeEach(async () => {
            built = await construct(
                name,
                {
                    newMesh: { vpcId: "vpc-1", vswitchId: "vsw-mesh" },
                    clusterIds: [pulumi.output("c-ack-1")],
                    services: [ALIYUN],
                    egressIp: { vswitchIds: ["vsw-a", pulumi.output("vsw-b")], eipCount: 2, nodePool: { instanceTypes: ["ecs.g7.large", pulumi.output("ecs.g6.large")] } },
                },
                { providers: { alicloud: aliProvider } },
            );
        });

        it("creates exactly the NAT gateway, the EIPs, their associations, one SNAT entry per vSwitch and the node pool", () => {
            assert.deepStrictEqual(cloudChildren(built), [
                [`${name}-egress-nodes`, NODE_POOL],
                [`${name}-eip-0`, EIP],
                [`${name}-eip-0-nat`, ASSOCIATION],
                [`${name}-eip-1`, EIP],
                [`${name}-eip-1-nat`, ASSOCIATION],
                [`${name}-nat`, NAT],
                [`${name}-snat-0`, SNAT],
                [`${name}-snat-1`, SNAT],
            ]);
            for (const [child] of cloudChildren(built)) {
                assert.strictEqual(built.children.get(child)!.parentName, name, `${child} parent`);
                // Inherited from the component, as the engine registers it.
                assert.ok(built.registered.get(child)!.provider?.includes("::ali-for-eip::"), `${child} provider ${built.registered.get(child)!.provider}`);
            }
        });

        it("puts an enhanced internet NAT gateway in the new mesh's VPC, on the first vSwitch", () => {
            assert.deepStrictEqual(built.registered.get(`${name}-nat`)!.inputs, {
                natGatewayName: `${name}-egress`,
                vpcId: "vpc-1",
                vswitchId: "vsw-a",
                natType: "Enhanced",
                networkType: "internet",
                paymentType: "PayAsYouGo",
                internetChargeType: "PayByLcu",
                eipBindMode: "NAT",
                description: `Stable egress IP of MeshEgress ${name}`,
            });
        });

        it("binds each EIP to the NAT gateway", () => {
            assert.deepStrictEqual(built.registered.get(`${name}-eip-1`)!.inputs, {
                addressName: `${name}-egress-1`,
                bandwidth: "200",
                internetChargeType: "PayByTraffic",
                paymentType: "PayAsYouGo",
                description: `Stable egress IP of MeshEgress ${name}`,
            });
            assert.deepStrictEqual(built.registered.get(`${name}-eip-0-nat`)!.inputs, { allocationId: `${name}-eip-0-id`, instanceId: `${name}-nat-id`, instanceType: "Nat" });
            assert.deepStrictEqual(built.registered.get(`${name}-eip-1-nat`)!.inputs, { allocationId: `${name}-eip-1-id`, instanceId: `${name}-nat-id`, instanceType: "Nat" });
        });

        it("writes one SNAT entry per vSwitch into the NAT gateway's SNAT table, on every EIP, after the EIPs are bound", () => {
            assert.deepStrictEqual(built.registered.get(`${name}-snat-0`)!.inputs, { snatTableId: `stb-of-${name}-nat`, sourceVswitchId: "vsw-a", snatIp: "203.0.113.10,203.0.113.11", snatEntryName: `${name}-egress-0` });
            assert.deepStrictEqual(built.registered.get(`${name}-snat-1`)!.inputs, { snatTableId: `stb-of-${name}-nat`, sourceVswitchId: "vsw-b", snatIp: "203.0.113.10,203.0.113.11", snatEntryName: `${name}-egress-1` });
            assert.ok(!("sourceCidr" in built.registered.get(`${name}-snat-0`)!.inputs));
            for (const snat of [`${name}-snat-0`, `${name}-snat-1`]) assert.deepStrictEqual(built.children.get(snat)!.dependsOn, [`${name}-eip-0-nat`, `${name}-eip-1-nat`]);
        });

        it("creates the node pool in the vSwitches, labelled and tainted for the gateway alone", () => {
            assert.deepStrictEqual(built.registered.get(`${name}-egress-nodes`)!.inputs, {
                clusterId: "c-ack-1",
                nodePoolName: `${name}-egress`,
                vswitchIds: ["vsw-a", "vsw-b"],
                instanceTypes: ["ecs.g7.large", "ecs.g6.large"],
                desiredSize: "2",
                systemDiskCategory: "cloud_essd",
                labels: [{ key: "mesh-egress.io/egress-ip", value: "egressgateway" }],
                taints: [{ key: "mesh-egress.io/egress-ip", value: "egressgateway", effect: "NoSchedule" }],
            });
            assert.deepStrictEqual(built.children.get(`${name}-egress-nodes`)!.dependsOn, [`${name}-snat-0`, `${name}-snat-1`]);
        });

        it("holds back only the gateway for the egress-IP path; the routes wait for the gateway as before", () => {
            assert.deepStrictEqual(built.children.get(`${name}-se-aliyun`)!.dependsOn, [`${name}-gateway`]);
            assert.deepStrictEqual(built.children.get(`${name}-gw-https-80`)!.dependsOn, [`${name}-gateway`]);
            assert.deepStrictEqual(built.children.get(`${name}-access-log`)!.dependsOn, [`${name}-mesh`]);
        });

        it("pins the gateway pods to the reserved nodes, and starts them only once the SNAT entries and nodes exist", () => {
            const spec = built.registered.get(`${name}-gateway`)!.inputs.spec;
            assert.deepStrictEqual(spec.nodeSelector, { "mesh-egress.io/egress-ip": "egressgateway" });
            assert.deepStrictEqual(spec.tolerations, [{ key: "mesh-egress.io/egress-ip", operator: "Equal", value: "egressgateway", effect: "NoSchedule" }]);
            assert.deepStrictEqual(built.children.get(`${name}-gateway`)!.dependsOn, [`${name}-mesh`, `${name}-snat-0`, `${name}-snat-1`, `${name}-egress-nodes`]);
        });

        it("outputs the EIP addresses partners allow-list", async () => {
            assert.deepStrictEqual(await value(built.component.egressIps), ["203.0.113.10", "203.0.113.11"]);
        });
    });

    describe("with an existing NAT gateway, adopted EIPs and your own nodes", () => {
        const name = "eip-adopt";
        const aliProvider = new alicloud.Provider("ali-for-adopt", { region: "cn-shanghai" });
        let built: Built;
        beforeEach(async () => {
            built = await construct(name, {
                kubeconfig: KUBECONFIG,
                clusterIds: ["c-ack-1"],
                services: [ALIYUN],
                gateway: { nodeSelector: { zone: "a" }, tolerations: [{ key: "spot", operator: "Exists" }] },
                egressIp: {
                    vswitchIds: ["vsw-a"],
                    natGatewayId: pulumi.output("nat-1"),
                    eipIds: [pulumi.output("eip-5"), "eip-7"],
                    nodeSelector: { pool: "egress" },
                    tolerations: [{ key: "egress", operator: "Exists", effect: "NoExecute" }],
                },
            }, { providers: { alicloud: aliProvider } });
        });

        it("creates only the associations and the SNAT entry, on the NAT gateway's SNAT table", () => {
            assert.deepStrictEqual(cloudChildren(built), [
                [`${name}-eip-0-nat`, ASSOCIATION],
                [`${name}-eip-1-nat`, ASSOCIATION],
                [`${name}-snat-0`, SNAT],
            ]);
            const lookup = calls.filter((c) => c.token === "alicloud:vpc/getNatGateways:getNatGateways").pop()!;
            assert.deepStrictEqual(lookup.args, { ids: ["nat-1"] });
            assert.ok(lookup.provider?.includes("::ali-for-adopt::"), lookup.provider);
            const eips = calls.filter((c) => c.token === "alicloud:ecs/getEipAddresses:getEipAddresses").pop()!;
            assert.deepStrictEqual(eips.args, { ids: ["eip-5", "eip-7"] });
            assert.ok(eips.provider?.includes("::ali-for-adopt::"), eips.provider);
            assert.deepStrictEqual(built.registered.get(`${name}-eip-0-nat`)!.inputs, { allocationId: "eip-5", instanceId: "nat-1", instanceType: "Nat" });
            assert.deepStrictEqual(built.registered.get(`${name}-eip-1-nat`)!.inputs, { allocationId: "eip-7", instanceId: "nat-1", instanceType: "Nat" });
            assert.deepStrictEqual(built.registered.get(`${name}-snat-0`)!.inputs, { snatTableId: "stb-of-nat-1", sourceVswitchId: "vsw-a", snatIp: "198.51.100.5,198.51.100.7", snatEntryName: `${name}-egress-0` });
        });

        it("pins the gateway with both selectors and every toleration, after the SNAT entry", () => {
            const spec = built.registered.get(`${name}-gateway`)!.inputs.spec;
            assert.deepStrictEqual(spec.nodeSelector, { zone: "a", pool: "egress" });
            assert.deepStrictEqual(spec.tolerations, [{ key: "spot", operator: "Exists" }, { key: "egress", operator: "Exists", effect: "NoExecute" }]);
            assert.deepStrictEqual(built.children.get(`${name}-gateway`)!.dependsOn, [`${name}-snat-0`]);
        });

        it("outputs the adopted EIPs' addresses, in the order given", async () => {
            assert.deepStrictEqual(await value(built.component.egressIps), ["198.51.100.5", "198.51.100.7"]);
        });
    });

    it("creates the NAT gateway in an adopted mesh's VPC when no VPC is given", async () => {
        const name = "eip-mesh-id";
        const built = await construct(name, {
            meshId: "m-9",
            clusterIds: pulumi.output(["c-ack-3"]),
            services: [ALIYUN],
            egressIp: { vswitchIds: ["vsw-a"], natGatewayVswitchId: "vsw-nat", eipBandwidth: 50, nodePool: { instanceTypes: ["ecs.g7.large"], size: 3, name: "egress-pool", systemDiskCategory: "cloud_auto" } },
        });
        const nat = built.registered.get(`${name}-nat`)!.inputs;
        assert.strictEqual(nat.vpcId, "vpc-of-m-9");
        assert.strictEqual(nat.vswitchId, "vsw-nat");
        assert.strictEqual(built.registered.get(`${name}-eip-0`)!.inputs.bandwidth, "50");
        const pool = built.registered.get(`${name}-egress-nodes`)!.inputs;
        assert.strictEqual(pool.clusterId, "c-ack-3");
        assert.strictEqual(pool.nodePoolName, "egress-pool");
        assert.strictEqual(pool.desiredSize, "3");
        assert.strictEqual(pool.systemDiskCategory, "cloud_auto");
        assert.deepStrictEqual(await value(built.component.egressIps), ["203.0.113.10"]);
    });

    it("creates nothing of it without egressIp, and outputs no address", async () => {
        const built = await construct("eip-none", { kubeconfig: KUBECONFIG, clusterIds: ["c-ack-1"], services: [ALIYUN] });
        assert.deepStrictEqual(cloudChildren(built), []);
        assert.deepStrictEqual(await value(built.component.egressIps), []);
        assert.deepStrictEqual(built.children.get("eip-none-gateway")!.dependsOn, []);
    });

    describe("refusals at preview", () => {
        const base = (egressIp: unknown, extra: Partial<MeshEgressArgs> = {}) => ({ kubeconfig: KUBECONFIG, clusterIds: ["c-ack-1"], services: [ALIYUN], egressIp, ...extra });
        const paths = (args: unknown) => validateArgs(args).map((p) => `${p.path}: ${p.message}`);

        it("needs vSwitches, one way to the NAT gateway and one source of EIPs, each problem with its path", () => {
            assert.deepStrictEqual(paths(base({ vswitchIds: [], eipCount: 2, eipIds: ["eip-1"] })), [
                "egressIp.vswitchIds: is empty; list at least one entry",
                "egressIp: needs natGatewayId (an existing enhanced NAT gateway) or vpcId (create one): the mesh is adopted by kubeconfig, so its VPC is not known",
                "egressIp: eipCount and eipIds are set together; give eipCount to create EIPs, or eipIds to adopt existing ones",
            ]);
            assert.deepStrictEqual(paths(base({ eipCount: 1, natGatewayId: "nat-1" })), ["egressIp.vswitchIds: is required"]);
        });

        it("refuses both NAT gateway sources, a vSwitch for an existing NAT gateway, and bandwidth for adopted EIPs", () => {
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a", "vsw-a"], natGatewayId: "nat-1", vpcId: "vpc-1", natGatewayVswitchId: "vsw-n", eipIds: ["eip-1"], eipBandwidth: 10 })), [
                'egressIp.vswitchIds[1]: "vsw-a" is listed twice; list each id once',
                "egressIp: natGatewayId and vpcId are set together; give natGatewayId to use an existing NAT gateway, or vpcId to create one",
                "egressIp.natGatewayVswitchId: places a NAT gateway the component creates; remove it, or give vpcId instead of natGatewayId",
                "egressIp.eipBandwidth: sets the bandwidth of EIPs the component creates; adopted eipIds keep their own",
            ]);
        });

        it("refuses empty ids and names, and an egressIp or nodePool that is not an object", () => {
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], natGatewayId: "", eipCount: 1, nodePool: { instanceTypes: ["t"], clusterId: "", name: "", systemDiskCategory: "" } })), [
                'egressIp.natGatewayId: "" is not valid; use a non-empty string',
                'egressIp.nodePool.clusterId: "" is not valid; use a non-empty string',
                'egressIp.nodePool.name: "" is not valid; use a non-empty string',
                'egressIp.nodePool.systemDiskCategory: "" is not valid; use a non-empty string',
            ]);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "", natGatewayVswitchId: "" })), ['egressIp.vpcId: "" is not valid; use a non-empty string', 'egressIp.natGatewayVswitchId: "" is not valid; use a non-empty string']);
            assert.deepStrictEqual(paths(base("nat")), ["egressIp: must be an object with fields vswitchIds"]);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "v", nodePool: ["t"] })), ["egressIp.nodePool: must be an object with fields instanceTypes"]);
        });

        it("refuses counts and sizes out of range, unknown fields and empty ids", () => {
            assert.deepStrictEqual(paths(base({ vswitchIds: [""], vpcId: "vpc-1", eipCount: 21, eipBandwidth: 0, nodePool: { instanceTypes: [], size: 0 }, zone: "a" })), [
                "egressIp.zone: unknown field; valid fields are vswitchIds, natGatewayId, vpcId, natGatewayVswitchId, eipCount, eipBandwidth, eipIds, nodeSelector, tolerations, nodePool",
                'egressIp.vswitchIds[0]: "" is not valid; use a non-empty string',
                "egressIp.eipCount: 21 is not valid; use a whole number from 1 to 20",
                "egressIp.eipBandwidth: 0 is not valid; use a whole number from 1 to 10000",
                "egressIp.nodePool.instanceTypes: is empty; list at least one entry",
                "egressIp.nodePool.size: 0 is not valid; use a whole number from 1 to 100",
            ]);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", eipCount: 0, nodePool: { size: 2 } })), [
                "egressIp.eipCount: 0 is not valid; use a whole number from 1 to 20",
                "egressIp.nodePool.instanceTypes: is required",
            ]);
        });

        it("refuses a node selector no node could meet, and tolerations a node pool cannot be tainted from", () => {
            assert.deepStrictEqual(
                paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", nodeSelector: { pool: "egress", zone: "b" }, tolerations: [{ operator: "Exists" }, { key: "k", effect: "NoSchedule" }], nodePool: { instanceTypes: ["ecs.g7.large"] } }, { gateway: { nodeSelector: { zone: "a" } } })),
                [
                    'egressIp.nodeSelector.zone: "b" contradicts gateway.nodeSelector.zone ("a"); no node could carry both',
                    "egressIp.tolerations[0]: needs a key and an effect with nodePool: the pool's nodes are tainted with what the tolerations admit",
                ],
            );
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", nodeSelector: { zone: "a" } }, { gateway: { nodeSelector: { zone: "a" } } })), []);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", tolerations: [{ key: "k" }, "x", { key: "k", operator: "Exists", effect: "NoExecute" }], nodePool: { instanceTypes: ["t"] } })), [
                "egressIp.tolerations[0]: needs a key and an effect with nodePool: the pool's nodes are tainted with what the tolerations admit",
                "egressIp.tolerations[1]: needs a key and an effect with nodePool: the pool's nodes are tainted with what the tolerations admit",
            ]);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", tolerations: [{ operator: "Exists" }] })), [], "without a node pool, tolerations need no key");
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", tolerations: [{ key: "k", effect: "" }, pulumi.output({ key: "k", effect: "NoSchedule" }), { key: pulumi.output("k"), effect: "NoExecute" }], nodePool: { instanceTypes: ["t"] } })), [
                'egressIp.tolerations[0].effect: "" is not valid; use one of NoSchedule, PreferNoSchedule, NoExecute',
                "egressIp.tolerations[1]: is an Output; with nodePool each toleration must be a plain object, since the pool's taints are made from it (its key, value and effect may be Outputs)",
            ]);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], vpcId: "vpc-1", nodeSelector: { "bad key!": "v" }, tolerations: "all" })), [
                "egressIp.nodeSelector.bad key!: is not a valid label name; use [prefix/]name with letters, digits, '-', '_', '.'",
                'egressIp.tolerations: "all" is not valid; use a list',
            ]);
            assert.deepStrictEqual(paths(base({ vswitchIds: ["vsw-a"], natGatewayId: "nat-1", eipIds: [] })), ["egressIp.eipIds: is empty; list at least one entry"]);
        });

        it("takes a new mesh's or an adopted mesh's VPC when none is given, and Outputs for every id", () => {
            const o = pulumi.output("x");
            assert.deepStrictEqual(paths({ newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" }, clusterIds: ["c"], services: [ALIYUN], egressIp: { vswitchIds: ["vsw-a"] } }), []);
            assert.deepStrictEqual(paths({ meshId: "m-1", clusterIds: ["c"], services: [ALIYUN], egressIp: { vswitchIds: ["vsw-a"] } }), []);
            assert.deepStrictEqual(paths(base({ vswitchIds: [o], natGatewayId: o, eipIds: [o, o], tolerations: [{ key: o, effect: "NoSchedule" }], nodePool: { clusterId: o, instanceTypes: [o] } })), []);
            assert.deepStrictEqual(paths(base({ vswitchIds: o, vpcId: "v", eipCount: o, eipIds: o })), [
                "egressIp.vswitchIds: is an Output, but must be a plain value: the component names and checks every object from it at preview. Outputs are taken by meshId, kubeconfig, clusterIds, the newMesh ids, gateway tolerations and affinity, and the egressIp ids",
                "egressIp.eipCount: is an Output, but must be a plain value: the component names and checks every object from it at preview. Outputs are taken by meshId, kubeconfig, clusterIds, the newMesh ids, gateway tolerations and affinity, and the egressIp ids",
                "egressIp.eipIds: is an Output, but must be a plain value: the component names and checks every object from it at preview. Outputs are taken by meshId, kubeconfig, clusterIds, the newMesh ids, gateway tolerations and affinity, and the egressIp ids",
                "egressIp: eipCount and eipIds are set together; give eipCount to create EIPs, or eipIds to adopt existing ones",
            ]);
        });

        it("registers nothing from a bad egressIp", () => {
            const before = registered.size;
            assert.throws(() => new MeshEgress("eip-bad", base({ vswitchIds: [] }) as MeshEgressArgs), (e: unknown) => {
                assert.ok(pulumi.InputPropertiesError.isInstance(e));
                assert.deepStrictEqual(e.errors.map((x) => x.propertyPath), ["egressIp.vswitchIds", "egressIp"]);
                return true;
            });
            assert.strictEqual(registered.size, before);
        });
    });

    describe("what is read from Alibaba Cloud", () => {
        it("takes an enhanced NAT gateway's SNAT table and refuses a missing or normal one", () => {
            assert.strictEqual(adoptedSnatTable("p", "nat-1", [{ id: "nat-0", natType: "Enhanced", snatTableIds: ["stb-0"] }, { id: "nat-1", natType: "Enhanced", snatTableIds: ["stb-1", "stb-2"] }]), "stb-1");
            assert.throws(() => adoptedSnatTable("p", "nat-1", []), { message: 'MeshEgress "p": NAT gateway "nat-1" was not found in this region; check egressIp.natGatewayId and the alicloud provider\'s region' });
            assert.throws(() => adoptedSnatTable("p", "nat-1", [{ id: "nat-1", natType: "Normal", snatTableIds: ["stb-1"] }]), { message: 'MeshEgress "p": NAT gateway "nat-1" is Normal; SNAT by vSwitch needs an enhanced NAT gateway' });
        });

        it("reads adopted EIPs' addresses in the order given, and names one not found", () => {
            const found = [{ id: "eip-2", ipAddress: "198.51.100.2" }, { id: "eip-1", ipAddress: "198.51.100.1" }];
            assert.deepStrictEqual(adoptedEipAddresses("p", ["eip-1", "eip-2"], found), ["198.51.100.1", "198.51.100.2"]);
            assert.throws(() => adoptedEipAddresses("p", ["eip-1", "eip-3"], found), { message: 'MeshEgress "p": EIP "eip-3" was not found in this region; check egressIp.eipIds' });
        });

        it("reads an adopted mesh's VPC, and says what to give when it is not known", () => {
            assert.strictEqual(adoptedMeshVpcId("p", "m-1", [{ id: "m-0", networks: [{ vpcId: "vpc-0" }] }, { id: "m-1", networks: [{ vpcId: "vpc-1" }] }]), "vpc-1");
            for (const meshes of [[], [{ id: "m-1", networks: [] }]]) {
                assert.throws(() => adoptedMeshVpcId("p", "m-1", meshes), { message: 'MeshEgress "p": the VPC of ASM instance "m-1" is not known; give egressIp.vpcId or egressIp.natGatewayId' });
            }
        });
    });

    describe("in the CLI's plan and graph", () => {
        it("shows the egress-IP path first and the gateway waiting for it", () => {
            const plan = buildEgressPlan({ kubeconfig: KUBECONFIG, clusterIds: ["c"], services: [ALIYUN], egressIp: { vswitchIds: ["vsw-a", "vsw-b"], natGatewayId: "nat-1", eipIds: ["eip-1"], nodePool: { instanceTypes: ["ecs.g7.large"] } } });
            const graph = dependencyGraph(plan);
            assert.deepStrictEqual(graph.nodes[0], { id: "egress-ip", label: "Egress IP\n(NAT gateway, EIPs, SNAT entries, node pool)" });
            assert.deepStrictEqual(graph.edges.filter(([, to]) => to === "gateway"), [["egress-ip", "gateway"]]);
            const text = summary(plan, "egress.yaml");
            assert.ok(text.includes("Egress IP:       SNAT of 2 vSwitches through an existing NAT gateway on 1 adopted EIP; gateway pinned to nodes mesh-egress.io/egress-ip=egressgateway (node pool created)\n"), text);
            assert.ok(text.includes("  wave 1:\n    Egress IP (NAT gateway, EIPs, SNAT entries, node pool)\n  wave 2:\n    IstioGateway/istio-system/egressgateway\n"), text);
        });

        it("counts created EIPs and a new NAT gateway, and shows no node pool when none is created", () => {
            const plan = buildEgressPlan({ newMesh: { vpcId: "vpc-1", vswitchId: "vsw-1" }, clusterIds: ["c"], services: [ALIYUN], egressIp: { vswitchIds: ["vsw-a"], eipCount: 3, nodeSelector: { pool: "egress" } } });
            const text = summary(plan, "egress.yaml");
            assert.ok(text.includes("Egress IP:       SNAT of 1 vSwitch through a new enhanced NAT gateway on 3 new EIPs; gateway pinned to nodes pool=egress\n"), text);
            assert.ok(text.includes("  wave 1:\n    ServiceMesh (new ASM instance)\n    Egress IP (NAT gateway, EIPs, SNAT entries, node pool)\n"), text);
            assert.deepStrictEqual(dependencyGraph(plan).nodes.slice(0, 2).map((n) => n.id), ["mesh", "egress-ip"]);
        });
    });
});
