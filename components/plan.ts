// The whole egress setup as plain objects with their dependencies: the single source of truth
// that the component registers, the CLI renders, and the tests and istioctl check.
import { accessLogTelemetry, authorizationPolicy } from "./access";
import type { MeshEgressArgs } from "./args";
import { istioGateway } from "./gateway";
import { Listener, allocateListeners } from "./listeners";
import type { Manifest } from "./manifest";
import { GATEWAY_LABEL, gatewayServiceHost, hostSlug } from "./naming";
import { observeTelemetries } from "./observe";
import { bypassNetworkPolicy, registryOnlySidecar } from "./outbound";
import {
    RoutingContext,
    exitListener,
    exitsByListener,
    gatewayDestinationRule,
    listenerGateway,
    originationDestinationRules,
    originationServiceEntries,
    serviceEntry,
    sniObjects,
    upstreamServiceEntry,
    virtualService,
} from "./routing";
import { RoutingDecision, asmEgressTrafficPolicy, decideRouting, egressPolicyNamespace } from "./policy";
import { MeshEgressInputError } from "./problems";
import { EgressSpec, resolveSpec } from "./spec";
import { routedBySni } from "./traffic";

/** Which API server an object goes to. */
export type Cluster = "mesh" | "dataPlane";

export interface PlannedObject {
    /** Stable key; the Pulumi resource is named `<component name>-<id>`. */
    id: string;
    cluster: Cluster;
    manifest: Manifest;
    /** Ids of the objects that must exist first. */
    dependsOn: string[];
    /** Rollout wave: 0 needs nothing, wave n needs only waves below n. */
    wave: number;
    /** The service the object belongs to, if any. */
    service?: string;
}

export interface EgressPlan {
    spec: EgressSpec;
    /** Istio objects or ASM's ASMEgressTrafficPolicy, and why. */
    routing: RoutingDecision;
    listeners: Listener[];
    gatewayHost: string;
    /** Objects in apply order (by wave, then as built). */
    objects: PlannedObject[];
}

/** Id of the IstioGateway in the plan. */
export const GATEWAY_ID = "gateway";

function withWaves(objects: Omit<PlannedObject, "wave">[]): PlannedObject[] {
    const byId = new Map(objects.map((o) => [o.id, o]));
    const waves = new Map<string, number>();
    const waveOf = (id: string): number => {
        const known = waves.get(id);
        // Stryker disable next-line ConditionalExpression: a memo; recomputing gives the same wave, only slower.
        if (known !== undefined) return known;
        const deps = byId.get(id)!.dependsOn;
        const wave = deps.length ? Math.max(...deps.map(waveOf)) + 1 : 0;
        waves.set(id, wave);
        return wave;
    };
    // Array.prototype.sort is stable, so objects of one wave keep the order they were built in.
    return objects.map((o) => ({ ...o, wave: waveOf(o.id) })).sort((a, b) => a.wave - b.wave);
}

/**
 * Builds every object from an already resolved spec. What the routing asked for cannot express
 * is an input error of `subject`, decided here once.
 */
export function buildPlanFromSpec(spec: EgressSpec, clusterIds: unknown, subject = "MeshEgress"): EgressPlan {
    const { decision, problems } = decideRouting(spec);
    if (!decision) throw new MeshEgressInputError(subject, problems);
    const listenerMap = allocateListeners(spec);
    const listeners = [...listenerMap.values()].sort((a, b) => a.port - b.port);
    const ctx: RoutingContext = { gateway: spec.gateway, listeners: listenerMap };
    const objects: Omit<PlannedObject, "wave">[] = [];
    const add = (id: string, manifest: Manifest, dependsOn: string[], service?: string, cluster: Cluster = "mesh"): string => {
        // A cluster-scoped object (the policy's Namespace) is shared by every MeshEgress: no owner label.
        const owned = manifest.metadata.namespace === undefined ? manifest : { ...manifest, metadata: { ...manifest.metadata, labels: { ...manifest.metadata.labels, [GATEWAY_LABEL]: spec.gateway.name } } };
        objects.push({ id, cluster, manifest: owned, dependsOn, service });
        return id;
    };

    const gatewayId = add(GATEWAY_ID, istioGateway(spec.gateway, listeners, clusterIds), []);
    if (spec.accessLog.enabled) add("access-log", accessLogTelemetry(ctx, spec.accessLog.provider), []);
    // Observing needs no route: it logs what leaves around them.
    for (const t of observeTelemetries(spec)) add(spec.observe!.namespaces ? `observe-${t.namespace}` : "observe", t.manifest, []);

    const routeIds: string[] = [];
    if (decision.path === "asmEgressTrafficPolicy") {
        // ASM generates the routing objects from the policy; access control stays ours.
        const namespaceId = add("egress-policy-namespace", egressPolicyNamespace(), []);
        const authzIds = spec.lockedDown ? spec.services.map((service) => add(`authz-${service.name}`, authorizationPolicy(ctx, service), [], service.name)) : [];
        routeIds.push(add("egress-policy", asmEgressTrafficPolicy(ctx, spec.services), [gatewayId, namespaceId, ...authzIds]));
    }
    if (decision.path === "istio") {
        // Shared by the exits: one Gateway per listener and the rules toward the gateway. Each
        // listener's ports must exist on the gateway Service before servers bind to them.
        const listenerGatewayIds = new Map<string, string>();
        for (const { listener, exits } of exitsByListener(ctx, spec.services)) {
            listenerGatewayIds.set(listener.key, add(`gw-${listener.name}`, listenerGateway(ctx, listener, exits), [gatewayId]));
        }
        const towardGatewayIds = [add("dr-gateway", gatewayDestinationRule(ctx), [gatewayId])];
        const sni = sniObjects(ctx, spec.services);
        // Stryker disable next-line ArrayDeclaration: without SNI objects no service routes by SNI, so nothing reads the list
        const sniIds = sni ? [add("se-sni", sni.entry, [gatewayId]), add("dr-sni", sni.rule, [gatewayId])] : [];
        for (const service of spec.services) {
            const s = service.name;
            // A registered host is reachable: nothing registers it before the gateway is ready.
            const entryIds = [add(`se-${s}`, serviceEntry(ctx, service), [gatewayId], s)];
            const upstream = upstreamServiceEntry(ctx, service);
            if (upstream) entryIds.push(add(`se-${s}-upstream`, upstream, [gatewayId], s));
            for (const origination of originationServiceEntries(ctx, service)) {
                entryIds.push(add(`se-${s}-tls-${hostSlug(origination.host)}`, origination.manifest, [gatewayId], s));
            }
            const gwIds = [...new Set(service.ports.map((p) => listenerGatewayIds.get(exitListener(ctx, service, p).key)!))];
            const drIds = [...towardGatewayIds, ...(service.ports.some((p) => routedBySni(p.kind, spec.gateway.mutualTls)) ? sniIds : [])];
            for (const dr of originationDestinationRules(ctx, service)) {
                drIds.push(add(`dr-${s}-tls-${hostSlug(dr.upstream)}`, dr.manifest, entryIds, s));
            }
            // Who may use the exit is decided before the exit opens.
            const authzIds = spec.lockedDown ? [add(`authz-${s}`, authorizationPolicy(ctx, service), [], s)] : [];
            for (const host of service.hosts) {
                routeIds.push(add(`vs-${s}-${hostSlug(host)}`, virtualService(ctx, service, host), [...entryIds, ...gwIds, ...drIds, ...authzIds], s));
            }
        }
    }

    // The outbound policy closes the mesh only after every route to the gateway exists.
    if (spec.outboundPolicyVia === "sidecar") {
        if (spec.registryOnlyNamespaces) {
            for (const ns of spec.registryOnlyNamespaces) add(`sidecar-${ns}`, registryOnlySidecar(spec.gateway, ns), routeIds);
        } else {
            add("sidecar", registryOnlySidecar(spec.gateway), routeIds);
        }
    }
    if (spec.bypassProtection) {
        for (const ns of spec.bypassProtection.namespaces) {
            add(`netpol-${ns}`, bypassNetworkPolicy(spec.gateway, listeners, ns, spec.bypassProtection.allowedCidrs), routeIds, undefined, "dataPlane");
        }
    }
    return { spec, routing: decision, listeners, gatewayHost: gatewayServiceHost(spec.gateway.name), objects: withWaves(objects) };
}

/** The routing context a plan was built with: for views that ask the builders where an exit goes. */
export function planRoutingContext(plan: EgressPlan): RoutingContext {
    return { gateway: plan.spec.gateway, listeners: new Map(plan.listeners.map((l) => [l.key, l])) };
}

/**
 * Validates `args` and builds every object. Throws one MeshEgressInputError listing every
 * problem. `clusterIds` may be a Pulumi Input (the component) or plain strings (the CLI).
 */
export function buildEgressPlan(args: MeshEgressArgs, subject = "MeshEgress", clusterIds: unknown = args.clusterIds): EgressPlan {
    return buildPlanFromSpec(resolveSpec(args, subject), clusterIds, subject);
}

/** Id of the new ASM instance in dependency graphs (not a Kubernetes object). */
export const MESH_NODE = "mesh";

/** Id of the egress-IP path (SNAT entries, reserved node pool) in dependency graphs. */
export const EGRESS_IP_NODE = "egress-ip";

/**
 * What each object waits for, exactly as the component registers it: the plan's own
 * dependencies, plus the new mesh for every mesh object that waits for nothing else, plus the
 * egress-IP path for the gateway, whose pods must leave by the stable IP from their first call.
 */
export function objectDependencies(plan: EgressPlan): Map<string, string[]> {
    const newMesh = plan.spec.meshMode === "new";
    const waitsForMesh = (o: PlannedObject): boolean =>
        newMesh &&
        o.dependsOn.length === 0 &&
        // Stryker disable next-line ConditionalExpression: data-plane objects always wait for the routes, so none gets here.
        o.cluster === "mesh";
    const extra = (o: PlannedObject): string[] => (plan.spec.egressIp && o.id === GATEWAY_ID ? [EGRESS_IP_NODE] : []);
    return new Map(plan.objects.map((o) => [o.id, [...(waitsForMesh(o) ? [MESH_NODE] : o.dependsOn), ...extra(o)]]));
}
