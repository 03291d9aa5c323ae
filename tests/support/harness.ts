// Runs MeshEgress under Pulumi's mocks and records every child: its type, name, inputs,
// parent, provider and dependsOn, so tests can assert the exact resource graph.
import * as pulumi from "@pulumi/pulumi";
import { MeshEgress, MeshEgressArgs } from "../../components";

export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** Provider reference as the engine sees it: `<provider urn>::<id>`. */
    provider?: string;
}

export interface Recorded {
    type: string;
    name: string;
    parentName?: string;
    providerName?: string;
    dependsOn: string[];
    props: Record<string, any>;
}

export const registered = new Map<string, Registered>();
export const calls: { token: string; args: any; provider?: string }[] = [];
export const FAKE_MESH_KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: [{name: asm, cluster: {server: https://10.0.0.1:6443}}]\n";

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            registered.set(args.name, { type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
            const state: Record<string, unknown> = { ...args.inputs };
            if (args.type === "alicloud:servicemesh/serviceMesh:ServiceMesh") state.kubeconfig = FAKE_MESH_KUBECONFIG;
            if (args.type === "alicloud:vpc/natGateway:NatGateway") state.snatTableIds = `stb-of-${args.name}`;
            // EIPs named `<component>-eip-<i>` get 203.0.113.<10 + i>.
            if (args.type === "alicloud:ecs/eipAddress:EipAddress") state.ipAddress = `203.0.113.${10 + Number(args.name.split("-").pop())}`;
            return { id: `${args.name}-id`, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            calls.push({ token: args.token, args: args.inputs, provider: args.provider });
            if (args.token === "alicloud:servicemesh/getServiceMeshes:getServiceMeshes") {
                const ids: string[] = args.inputs.ids ?? [];
                const meshes = ids.filter((id) => id !== "missing").map((id) => ({ id, kubeConfig: `kubeconfig-of-${id}`, networks: [{ vpcId: `vpc-of-${id}` }] }));
                return { ids, meshes, names: [], id: "region" };
            }
            if (args.token === "alicloud:vpc/getNatGateways:getNatGateways") {
                const ids: string[] = args.inputs.ids ?? [];
                const gateways = ids.filter((id) => id !== "missing").map((id) => ({ id, natType: id.startsWith("nat-normal") ? "Normal" : "Enhanced", snatTableIds: [`stb-of-${id}`] }));
                return { ids, gateways, id: "region" };
            }
            if (args.token === "alicloud:ecs/getEipAddresses:getEipAddresses") {
                const ids: string[] = args.inputs.ids ?? [];
                // Adopted EIPs `eip-<n>` have 198.51.100.<n>; unknown ids are not found.
                const addresses = ids.filter((id) => /^eip-\d+$/.test(id)).map((id) => ({ id, ipAddress: `198.51.100.${id.slice(4)}` }));
                return { ids, addresses, id: "region" };
            }
            if (args.token === "alicloud:cs/getClusterCredential:getClusterCredential") {
                return { clusterId: args.inputs.clusterId, kubeConfig: `kubeconfig-of-${args.inputs.clusterId}`, id: args.inputs.clusterId };
            }
            // A data source no test has mocked must not pass unseen with an empty answer.
            throw new Error(`unmocked call ${args.token}: give it an answer in tests/support/harness.ts`);
        },
    },
    "mesh-egress",
    "test",
    false,
);

function nameOf(resource: pulumi.Resource | undefined): Promise<string | undefined> {
    if (!resource) return Promise.resolve(undefined);
    return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn.split("::").pop())));
}

async function settle(names: () => string[]): Promise<void> {
    for (let i = 0; i < 500; i++) {
        if (names().every((n) => registered.has(n))) return;
        await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`resources never registered: ${names().filter((n) => !registered.has(n)).join(", ")}`);
}

export function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

export interface Constructed {
    component: MeshEgress;
    /** Every child by resource name, as the transformation saw it. */
    children: Map<string, Recorded>;
    /** What the mock engine registered, by resource name. */
    registered: Map<string, Registered>;
}

/** Constructs a component and waits until every child is registered with the mock engine. */
export async function construct(name: string, args: MeshEgressArgs, opts: pulumi.ComponentResourceOptions = {}): Promise<Constructed> {
    // Forget an earlier construction under this name, so waiting for registration waits for this one.
    for (const n of [...registered.keys()]) if (n === name || n.startsWith(`${name}-`)) registered.delete(n);
    const pending: Promise<Recorded>[] = [];
    const transformation: pulumi.ResourceTransformation = (a) => {
        pending.push(
            (async () => ({
                type: a.type,
                name: a.name,
                parentName: await nameOf(a.opts.parent),
                providerName: await nameOf(a.opts.provider),
                dependsOn: await Promise.all(((a.opts.dependsOn as pulumi.Resource[] | undefined) ?? []).map(async (d) => (await nameOf(d))!)),
                props: a.props,
            }))(),
        );
        return undefined;
    };
    // No mesh API server answers under mocks: live checks run only where a test asks for them.
    const component = new MeshEgress(name, { liveChecks: false, ...args }, { ...opts, transformations: [transformation] });
    await value(component.urn);
    const records = await Promise.all(pending);
    await settle(() => records.map((r) => r.name));
    const children = new Map(records.map((r) => [r.name, r]));
    const mine = new Map([...registered].filter(([n]) => children.has(n) || n === name));
    return { component, children, registered: mine };
}
