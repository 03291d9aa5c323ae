// The MeshEgress component: wiring only. Every object comes from buildEgressPlan.
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MeshEgressArgs, RoutingPath } from "./args";
import { adoptedMeshKubeconfig, adoptedMeshVpcId, serviceMeshArgs } from "./mesh";
import { assertPlanClean } from "./checks";
import { EgressIpSpec, adoptedEipAddresses, adoptedSnatTable, eipAddressArgs, eipAssociationArgs, natGatewayArgs, nodePoolArgs, snatEntryArgs } from "./egressIp";
import { gatewayInputFields, readinessMessage } from "./gateway";
import { manifestId } from "./manifest";
import { EGRESS_IP_NODE, EgressPlan, GATEWAY_ID, MESH_NODE, PlannedObject, buildEgressPlan, objectDependencies } from "./plan";
import { MeshEgressInputError, Problem } from "./problems";
import { readAdopted } from "./adoption";
import { liveCheckGate, liveChecksOn } from "./liveGate";

/** The component's Pulumi type token, the same in every language (the package schema's resource). */
export const MESH_EGRESS_TYPE = "mesh-egress:index:MeshEgress";

/** One listener port of the egress gateway. */
export interface GatewayListener {
    /** Istio-style port name, `<protocol>-<port>`. */
    name: string;
    /** The port on the gateway Service. */
    port: number;
}

function planOrThrow(name: string, args: MeshEgressArgs): EgressPlan {
    const subject = `MeshEgress "${name}"`;
    const extra: Problem[] = [];
    if (args?.bypassProtection && !args.bypassProtection.provider) {
        extra.push({ path: "bypassProtection.provider", message: "is required: NetworkPolicies go to the data-plane (ACK) cluster, not the mesh API server; pass its Kubernetes provider" });
    }
    let plan: EgressPlan | undefined;
    let problems = extra;
    try {
        plan = buildEgressPlan(args, subject);
    } catch (e) {
        if (!(e instanceof MeshEgressInputError)) throw e;
        problems = [...e.problems, ...extra];
    }
    if (problems.length > 0 || !plan) {
        const error = new MeshEgressInputError(subject, problems);
        throw new pulumi.InputPropertiesError({
            message: error.message,
            errors: problems.map((p) => ({ propertyPath: p.path, reason: p.message })),
        });
    }
    assertPlanClean(plan, subject);
    return plan;
}

/**
 * Sends a mesh's outbound traffic through an ASM egress gateway: the mesh (new or adopted),
 * the IstioGateway, per-service ServiceEntry and VirtualServices, a Gateway per listener and the
 * DestinationRules toward the gateway, access control and logs, and REGISTRY_ONLY last.
 */
export class MeshEgress extends pulumi.ComponentResource {
    /** The ASM instance id (undefined when the mesh is adopted by kubeconfig). */
    public readonly meshId: pulumi.Output<string | undefined>;
    /**
     * Kubeconfig of the mesh API server. Always a secret.
     * @secret
     */
    public readonly kubeconfig: pulumi.Output<string>;
    /** In-cluster host of the gateway Service, `istio-<name>.istio-system.svc.cluster.local`. */
    public readonly gatewayHost: pulumi.Output<string>;
    /** Name of the IstioGateway. */
    public readonly gatewayName: pulumi.Output<string>;
    /** The gateway's listeners: `{ name, port }`. */
    public readonly listeners: pulumi.Output<GatewayListener[]>;
    /** Every object applied to the mesh API server, as `Kind/namespace/name`, in apply order. */
    public readonly istioObjects: pulumi.Output<string[]>;
    /** How the routes are expressed: `istio` objects or an `asmEgressTrafficPolicy` (what `auto` chose). */
    public readonly routing: pulumi.Output<RoutingPath>;
    /** The addresses partners allow-list: the EIPs the gateway's traffic leaves by (empty without `egressIp`). */
    public readonly egressIps: pulumi.Output<string[]>;
    /** The Kubernetes provider every Istio object uses. */
    public readonly kubernetesProvider: pulumi.ProviderResource;

    constructor(name: string, args: MeshEgressArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Validate before registering anything: nothing is created from bad input.
        const plan = planOrThrow(name, args);
        super(MESH_EGRESS_TYPE, name, {}, opts);

        let mesh: alicloud.servicemesh.ServiceMesh | undefined;
        let meshId: pulumi.Output<string | undefined>;
        let kubeconfig: pulumi.Output<string>;
        let meshVpcId: pulumi.Output<string> | undefined;
        if (plan.spec.newMesh) {
            const minutes = plan.spec.newMesh.timeoutMinutes;
            mesh = new alicloud.servicemesh.ServiceMesh(`${name}-mesh`, serviceMeshArgs(name, plan.spec.newMesh, args.clusterIds, plan.spec), {
                parent: this,
                provider: this.getProvider("alicloud:servicemesh/serviceMesh:ServiceMesh"),
                customTimeouts: { create: `${minutes}m`, update: `${minutes}m`, delete: `${minutes}m` },
                // The provider does not mark the kubeconfig secret; it is one.
                additionalSecretOutputs: ["kubeconfig"],
            });
            meshId = mesh.id;
            kubeconfig = pulumi.secret(mesh.kubeconfig);
        } else if (args.meshId !== undefined) {
            const id = pulumi.output(args.meshId);
            const found = alicloud.servicemesh.getServiceMeshesOutput(
                { ids: [id], enableDetails: true },
                { parent: this, provider: this.getProvider("alicloud:servicemesh/getServiceMeshes:getServiceMeshes") },
            );
            meshId = id;
            kubeconfig = pulumi.secret(
                pulumi.all([id, found.meshes]).apply(([meshIdValue, meshes]) => readAdopted(this, () => adoptedMeshKubeconfig(name, meshIdValue, meshes))),
            );
            meshVpcId = pulumi.all([id, found.meshes]).apply(([meshIdValue, meshes]) => readAdopted(this, () => adoptedMeshVpcId(name, meshIdValue, meshes)));
        } else {
            meshId = pulumi.output(undefined);
            kubeconfig = pulumi.secret(pulumi.output(args.kubeconfig as pulumi.Input<string>));
        }

        const givenProvider = this.getProvider("kubernetes:core/v1:Namespace");
        this.kubernetesProvider = givenProvider ?? new k8s.Provider(`${name}-mesh-api`, { kubeconfig }, { parent: this });

        const created = new Map<string, pulumi.Resource[]>(mesh ? [[MESH_NODE, [mesh]]] : []);
        let egressIps: pulumi.Output<string[]> = pulumi.output([]);
        if (plan.spec.egressIp) {
            const egress = this.egressIpPath(name, plan.spec.egressIp, args.clusterIds, meshVpcId);
            created.set(EGRESS_IP_NODE, egress.gate);
            egressIps = egress.ips;
        }
        // With live checks, every object waits for the live mesh to be judged clean.
        const gate = liveChecksOn(args.liveChecks, plan, givenProvider === undefined) ? liveCheckGate(this, `MeshEgress "${name}"`, plan, kubeconfig) : undefined;
        const dependencies = objectDependencies(plan);
        for (const object of plan.objects) {
            const dependsOn = dependencies.get(object.id)!.flatMap((id) => created.get(id)!);
            created.set(object.id, [this.register(name, object, dependsOn, args, plan, gate)]);
        }

        this.meshId = meshId;
        this.kubeconfig = kubeconfig;
        this.gatewayHost = pulumi.output(plan.gatewayHost);
        this.gatewayName = pulumi.output(plan.spec.gateway.name);
        this.listeners = pulumi.output(plan.listeners.map((l) => ({ name: l.name, port: l.port })));
        this.istioObjects = pulumi.output(plan.objects.filter((o) => o.cluster === "mesh").map((o) => manifestId(o.manifest)));
        this.routing = pulumi.output(plan.routing.path);
        this.egressIps = egressIps;
        this.registerOutputs(meshEgressOutputs(this));
    }

    /** The NAT gateway, EIPs, their associations, one SNAT entry per vSwitch and the reserved node pool. */
    private egressIpPath(name: string, spec: EgressIpSpec, clusterIds: pulumi.Input<pulumi.Input<string>[]>, meshVpcId: pulumi.Output<string> | undefined): { gate: pulumi.Resource[]; ips: pulumi.Output<string[]> } {
        // Children and invokes take the component's alicloud provider from their parent.
        const opts = { parent: this };
        const source = spec.natGateway;
        let natGatewayId: pulumi.Output<string>;
        let snatTableId: pulumi.Output<string>;
        if ("create" in source) {
            // Validation leaves no VPC unknown except an adopted mesh's, read through getServiceMeshes.
            const where = { vpcId: source.create.vpcId ?? meshVpcId!, vswitchId: source.create.vswitchId };
            const nat = new alicloud.vpc.NatGateway(`${name}-nat`, natGatewayArgs(name, where), opts);
            natGatewayId = nat.id;
            snatTableId = nat.snatTableIds;
        } else {
            natGatewayId = pulumi.output(source.existing);
            const found = alicloud.vpc.getNatGatewaysOutput({ ids: [natGatewayId] }, opts);
            snatTableId = pulumi.all([natGatewayId, found.gateways]).apply(([id, gateways]) => readAdopted(this, () => adoptedSnatTable(name, id, gateways)));
        }
        let allocationIds: pulumi.Input<string>[];
        let ips: pulumi.Output<string[]>;
        if ("create" in spec.eips) {
            const { bandwidth } = spec.eips;
            const eips = Array.from({ length: spec.eips.create }, (_, i) => new alicloud.ecs.EipAddress(`${name}-eip-${i}`, eipAddressArgs(name, i, bandwidth), opts));
            allocationIds = eips.map((e) => e.id);
            ips = pulumi.all(eips.map((e) => e.ipAddress));
        } else {
            allocationIds = spec.eips.adopt;
            const ids = pulumi.all(spec.eips.adopt);
            const found = alicloud.ecs.getEipAddressesOutput({ ids }, opts);
            ips = pulumi.all([ids, found.addresses]).apply(([eipIds, addresses]) => readAdopted(this, () => adoptedEipAddresses(name, eipIds, addresses)));
        }
        const associations = allocationIds.map((id, i) => new alicloud.ecs.EipAssociation(`${name}-eip-${i}-nat`, eipAssociationArgs(id, natGatewayId), opts));
        // An SNAT entry may only name EIPs already bound to its NAT gateway.
        const snatIp = ips.apply((list) => list.join(","));
        const snats = spec.vswitchIds.map(
            (vswitchId, i) => new alicloud.vpc.SnatEntry(`${name}-snat-${i}`, snatEntryArgs(name, i, snatTableId, vswitchId, snatIp), { ...opts, dependsOn: associations }),
        );
        if (!spec.nodePool) return { gate: snats, ips };
        // The reserved nodes join only once their traffic has a way out by the stable IP.
        const clusterId = spec.nodePool.clusterId ?? pulumi.output(clusterIds).apply((list) => list[0]);
        const pool = new alicloud.cs.NodePool(`${name}-egress-nodes`, nodePoolArgs(name, spec, clusterId), { ...opts, dependsOn: snats });
        return { gate: [...snats, pool], ips };
    }

    private register(name: string, object: PlannedObject, dependsOn: pulumi.Resource[], args: MeshEgressArgs, plan: EgressPlan, gate: pulumi.Output<true> | undefined): pulumi.Resource {
        const planned =
            object.id === GATEWAY_ID
                ? { ...object.manifest, spec: { ...(object.manifest.spec as Record<string, unknown>), ...gatewayInputFields(plan.spec.gateway, args.clusterIds) } }
                : object.manifest;
        const gated = <T>(value: T): pulumi.Input<T> => (gate ? gate.apply(() => value) : value);
        const manifest = { ...planned, metadata: gated(planned.metadata) };
        if (object.cluster === "dataPlane") {
            return new k8s.networking.v1.NetworkPolicy(`${name}-${object.id}`, manifest as unknown as k8s.networking.v1.NetworkPolicyArgs, {
                parent: this,
                provider: args.bypassProtection!.provider,
                dependsOn,
            });
        }
        if (manifest.kind === "Namespace") {
            // A patch (server-side apply) creates the namespace when missing and adopts it when not;
            // deleting the patch leaves the namespace, which other policies may share.
            const metadata = gated({ name: planned.metadata.name, labels: planned.metadata.labels });
            return new k8s.core.v1.NamespacePatch(`${name}-${object.id}`, { metadata }, { parent: this, provider: this.kubernetesProvider, dependsOn });
        }
        const resource = new k8s.apiextensions.CustomResource(`${name}-${object.id}`, { ...manifest }, { parent: this, provider: this.kubernetesProvider, dependsOn });
        const readiness = object.id === GATEWAY_ID ? plan.spec.gateway.readiness : undefined;
        // The provider's timeout error names neither the condition nor the wait; this line does. On the
        // component: a log on the gateway itself waits for its URN, which a failed create never gives.
        if (readiness && !pulumi.runtime.isDryRun()) pulumi.log.info(readinessMessage(plan.spec.gateway.name, readiness), this);
        return resource;
    }
}

/** The component's public output fields, as the class declares them (and the schema reads them). */
type OutputField = Exclude<keyof MeshEgress, keyof pulumi.ComponentResource>;

/**
 * The component's outputs, by name: the one list that `registerOutputs`, the provider's
 * `construct` and (through the class fields it must match) the package schema share.
 */
export const MESH_EGRESS_OUTPUTS = ["meshId", "kubeconfig", "gatewayHost", "gatewayName", "listeners", "istioObjects", "routing", "egressIps", "kubernetesProvider"] as const satisfies readonly OutputField[];

export type MeshEgressOutputName = (typeof MESH_EGRESS_OUTPUTS)[number];

// Fails to compile when the class gains an output field the list lacks.
// Stryker disable next-line BooleanLiteral: a compile-time check; the value is never read.
const everyFieldListed: [Exclude<OutputField, MeshEgressOutputName>] extends [never] ? true : Exclude<OutputField, MeshEgressOutputName> = true;
void everyFieldListed;

/** Every output of a MeshEgress, by name. */
export function meshEgressOutputs(component: MeshEgress): Record<MeshEgressOutputName, unknown> {
    return Object.fromEntries(MESH_EGRESS_OUTPUTS.map((key) => [key, component[key]])) as Record<MeshEgressOutputName, unknown>;
}
