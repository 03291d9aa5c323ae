// What a live mesh already holds that undoes or fights the plan. The component's own checks see
// only the objects it writes; a real mesh holds others: a team's Sidecar that takes its namespace
// out of the REGISTRY_ONLY lock, a ServiceEntry that opens a direct exit around the gateway, a
// second route for a planned host. Pure: the objects are read elsewhere (cli/liveMesh.ts).
import type { Finding } from "./analyze";
import { Manifest, manifestId } from "./manifest";
import { GATEWAY_LABEL, MANAGED_BY_LABELS, MESH_NAMESPACE } from "./naming";
import type { EgressPlan } from "./plan";

export type Severity = "error" | "warning";

/** A finding about a live object (`object` is `Kind/namespace/name` of that object). */
export interface LiveFinding extends Finding {
    severity: Severity;
    source: "live";
}

type Spec = Record<string, any>;

/**
 * Whether this plan's MeshEgress wrote the object: the component's labels naming the plan's
 * gateway. Its objects the plan no longer holds are the update's to delete, not findings. An
 * object without the gateway label (written before the label existed) is its own by id.
 */
function writtenByPlan(m: Manifest, gatewayName: string, planned: Set<string>): boolean {
    if (!isManaged(m)) return false;
    const owner = m.metadata.labels?.[GATEWAY_LABEL];
    return owner === undefined ? planned.has(manifestId(m)) : owner === gatewayName;
}

function isManaged(m: Manifest): boolean {
    const labels = m.metadata.labels ?? {};
    return Object.entries(MANAGED_BY_LABELS).every(([k, v]) => labels[k] === v);
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A Gateway's or a VirtualService's `namespace/host` reference, without the namespace. */
function bareHost(host: string): string {
    const slash = host.indexOf("/");
    return slash < 0 ? host : host.slice(slash + 1);
}

/** The mesh's outbound policy where a Sidecar sets none: REGISTRY_ONLY only when the ASM instance carries it. */
function defaultMode(plan: EgressPlan): string {
    return plan.spec.outboundTrafficPolicy === "REGISTRY_ONLY" && plan.spec.outboundPolicyVia === "meshConfig" ? "REGISTRY_ONLY" : "ALLOW_ANY";
}

/** Where the plan's REGISTRY_ONLY lock applies: every namespace, some, or none. */
function lockedNamespaces(plan: EgressPlan): "all" | Set<string> {
    if (plan.spec.outboundTrafficPolicy !== "REGISTRY_ONLY") return new Set();
    return plan.spec.registryOnlyNamespaces ? new Set(plan.spec.registryOnlyNamespaces) : "all";
}

/** Sidecars that escape the lock, a second default Sidecar where the plan writes one, another MeshEgress's lock. */
function sidecarFindings(plan: EgressPlan, sidecars: Manifest[], add: (m: Manifest, code: string, severity: Severity, message: string) => void): void {
    const locked = lockedNamespaces(plan);
    const fallback = defaultMode(plan);
    // The namespaces where the plan writes a selector-less Sidecar of its own.
    const planDefaults = plan.spec.outboundPolicyVia === "sidecar" ? (plan.spec.registryOnlyNamespaces ?? [MESH_NAMESPACE]) : [];
    for (const s of sidecars) {
        const ns = s.metadata.namespace ?? "";
        const spec = s.spec as Spec;
        const selectorLess = !spec.workloadSelector;
        const mode: string = spec.outboundTrafficPolicy?.mode ?? fallback;
        if (selectorLess && planDefaults.includes(ns)) {
            if (isManaged(s) && mode === "REGISTRY_ONLY") {
                add(s, "second-lock-owner", "error", `another MeshEgress already locks ${ns === MESH_NAMESPACE ? "the mesh" : `namespace ${ns}`} with this REGISTRY_ONLY Sidecar; let one MeshEgress own the lock (set outboundTrafficPolicy: ALLOW_ANY on the other)`);
            } else {
                add(s, "second-default-sidecar", "error", `namespace ${ns} already has a Sidecar without a workloadSelector, and the plan writes another (Istio leaves the choice undefined); set outboundTrafficPolicy.mode: REGISTRY_ONLY on this one and drop ${ns} from registryOnlyNamespaces, or delete it`);
            }
            continue;
        }
        const inLock = locked === "all" || locked.has(ns);
        if (inLock && mode !== "REGISTRY_ONLY") {
            const why = spec.outboundTrafficPolicy?.mode ? `sets outboundTrafficPolicy.mode: ${mode}` : `sets no outboundTrafficPolicy, so its workloads take the mesh's ${mode}`;
            add(s, "sidecar-escapes-lock", "error", `${why} and replaces the REGISTRY_ONLY lock for ${selectorLess ? `namespace ${ns}` : "the workloads it selects"}: calls to unregistered hosts pass; add outboundTrafficPolicy: { mode: REGISTRY_ONLY } to it`);
        }
    }
}

/** An egress gateway's Service (`istio-<name>.istio-system`), or the names a MeshEgress gives its SNI-routed listeners. */
const GATEWAY_DESTINATION = /^istio-[^.]+\.istio-system(\.svc(\.cluster\.local)?)?$|\.mesh-egress\.internal$/;

/** The hosts each VirtualService bound to the sidecars (`mesh`) sends through an egress gateway. */
function gatewayRoutedHosts(virtualServices: Manifest[]): Set<string> {
    const routed = new Set<string>();
    for (const vs of virtualServices) {
        const spec = vs.spec as Spec;
        const gateways: string[] = spec.gateways ?? ["mesh"];
        if (!gateways.includes("mesh")) continue;
        const routes: Spec[] = [...(spec.http ?? []), ...(spec.tls ?? []), ...(spec.tcp ?? [])];
        const viaGateway = routes.some((r) => (r.route ?? []).some((d: Spec) => GATEWAY_DESTINATION.test(d.destination?.host ?? "")));
        if (viaGateway) for (const h of spec.hosts ?? []) routed.add(h);
    }
    return routed;
}

/** The live objects `plan`'s MeshEgress did not write (its own are known by their labels). */
export function foreignObjects(plan: EgressPlan, live: Manifest[]): Manifest[] {
    const planned = new Set(plan.objects.filter((o) => o.cluster === "mesh").map((o) => manifestId(o.manifest)));
    return live.filter((m) => !writtenByPlan(m, plan.spec.gateway.name, planned));
}

/** Names the other MeshEgress that wrote a live object, so the fix says which stack to change. */
function writerOf(m: Manifest): string {
    const owner = m.metadata.labels?.[GATEWAY_LABEL];
    return isManaged(m) && owner !== undefined ? ` (written by the MeshEgress of gateway ${owner})` : "";
}

/** `*.example.com` covers `api.example.com` and `a.b.example.com`, as Istio matches wildcards. */
function wildcardCovers(wildcard: string, host: string): boolean {
    return wildcard.startsWith("*.") && host !== wildcard && host.endsWith(wildcard.slice(1));
}

/**
 * Every live object that undoes or fights `plan`, with the fix. Objects the plan's MeshEgress
 * wrote are never findings. Istio routes a host by its most specific match, so a foreign wildcard
 * over a planned host takes nothing from it; a foreign route for a host under a planned wildcard
 * takes that host away, and is reported.
 */
export function liveFindings(plan: EgressPlan, live: Manifest[]): LiveFinding[] {
    const findings: LiveFinding[] = [];
    const add = (m: Manifest, code: string, severity: Severity, message: string): void => {
        findings.push({ code, object: manifestId(m), message: message + writerOf(m), severity, source: "live" });
    };
    const byKind = new Map<string, Manifest[]>();
    for (const m of foreignObjects(plan, live)) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
    const ofKind = (kind: string): Manifest[] => byKind.get(kind) ?? [];

    // Planned hosts with their ports, and the Gateway servers the plan opens (`port|host`).
    const plannedPorts = new Map<string, Set<number>>();
    for (const s of plan.spec.services) for (const h of s.hosts) plannedPorts.set(h, new Set(s.ports.map((p) => p.number)));
    const plannedWildcards = [...plannedPorts.keys()].filter((h) => h.startsWith("*."));
    const plannedServers = new Set<string>();
    for (const o of plan.objects) {
        if (o.manifest.kind !== "Gateway") continue;
        for (const server of ((o.manifest.spec as Spec).servers ?? []) as Spec[]) for (const h of server.hosts) plannedServers.add(`${server.port.number}|${bareHost(h)}`);
    }
    const gateway = plan.spec.gateway;
    // ASM labels the gateway's pods `istio: <name>` too (inferred from ASM's docs), which hand-built Gateways select.
    const gatewayPodLabels = { istio: gateway.name, ...gateway.podLabels };

    sidecarFindings(plan, ofKind("Sidecar"), add);

    const allVirtualServices = live.filter((m) => m.kind === "VirtualService");
    const routed = gatewayRoutedHosts(allVirtualServices);
    const locked = plan.spec.outboundTrafficPolicy === "REGISTRY_ONLY";
    for (const se of ofKind("ServiceEntry")) {
        const spec = se.spec as Spec;
        const hosts: string[] = spec.hosts ?? [];
        for (const host of hosts) {
            const ports = plannedPorts.get(host);
            const clash = ports && ((spec.ports ?? []) as Spec[]).find((p) => ports.has(p.number));
            if (clash) add(se, "service-entry-conflict", "error", `registers ${host}:${clash.number}, which the plan registers too; Istio merges the two unpredictably; delete it, or leave ${host} out of services`);
        }
        if ((spec.location ?? "MESH_EXTERNAL") !== "MESH_EXTERNAL") continue;
        // A planned host leaves through the gateway on the planned ports only; any other port is direct.
        const direct = hosts.flatMap((h) => {
            const ports = plannedPorts.get(h);
            if (ports) return ((spec.ports ?? []) as Spec[]).filter((p) => !ports.has(p.number)).map((p) => `${h}:${p.number}`);
            return routed.has(h) ? [] : [h];
        });
        if (direct.length) {
            add(
                se,
                "direct-exit",
                locked ? "error" : "warning",
                `opens ${direct.join(", ")} to the sidecars directly, around the egress gateway and its allow-list; add ${direct.length === 1 ? "it" : "them"} to services, or delete this ServiceEntry`,
            );
        }
    }
    for (const vs of ofKind("VirtualService")) {
        const spec = vs.spec as Spec;
        if (!(spec.gateways ?? ["mesh"]).includes("mesh")) continue;
        for (const host of (spec.hosts ?? []) as string[]) {
            if (plannedPorts.has(host)) add(vs, "virtual-service-conflict", "error", `routes ${host} for the sidecars, as the plan does; Istio keeps only the oldest; delete it, or leave ${host} out of services`);
            const wildcard = plannedWildcards.find((w) => wildcardCovers(w, host));
            if (wildcard) add(vs, "virtual-service-conflict", "error", `routes ${host}, which the plan's ${wildcard} covers, and takes it away from the plan's route (Istio routes the most specific host); delete it, or add ${host} to services`);
        }
    }
    for (const dr of ofKind("DestinationRule")) {
        const host = (dr.spec as Spec).host as string;
        if (plannedPorts.has(host)) add(dr, "destination-rule-conflict", "error", `sets the traffic policy of ${host}, as the plan's rules do; Istio uses one rule per host; delete it, or leave ${host} out of services`);
    }
    for (const g of ofKind("Gateway")) {
        const spec = g.spec as Spec;
        if (!selectorMatches(spec.selector ?? {}, gatewayPodLabels)) continue;
        for (const server of (spec.servers ?? []) as Spec[]) {
            const taken = ((server.hosts ?? []) as string[]).map(bareHost).filter((h) => plannedServers.has(`${server.port?.number}|${h}`));
            for (const h of taken) add(g, "gateway-server-conflict", "error", `opens ${h} on port ${server.port.number} of the gateway pods the plan uses; the gateway takes one server per host and port; delete it, or leave ${h} out of services`);
        }
    }
    for (const ig of ofKind("IstioGateway")) {
        if (ig.metadata.name === gateway.name && ig.metadata.namespace === MESH_NAMESPACE) {
            add(ig, "istio-gateway-conflict", "error", `an IstioGateway named ${gateway.name} exists and was not written by this plan; name the plan's gateway apart (gateway.name)`);
        }
    }
    for (const ap of ofKind("AuthorizationPolicy")) {
        const selector = (ap.spec as Spec).selector?.matchLabels as Record<string, string> | undefined;
        const onGateway = selector ? ap.metadata.namespace === MESH_NAMESPACE && selectorMatches(selector, gatewayPodLabels) : ap.metadata.namespace === MESH_NAMESPACE;
        if (onGateway) add(ap, "foreign-authorization-policy", "warning", `applies to the egress gateway's pods and changes who may pass; check that it allows the plan's callers`);
    }
    return findings;
}
