// The readable plan: every exit (who -> gateway listener -> host:port, kind, TLS per hop, who
// is allowed), the objects, and the rollout waves. Never shows a kubeconfig.
import type { EgressIpSpec } from "../components/egressIp";
import { manifestId } from "../components/manifest";
import { EgressPlan, planRoutingContext } from "../components/plan";
import { EGRESS_POLICY_NAMESPACE } from "../components/policy";
import { exitListener, upstreamOf } from "../components/routing";
import type { PortSpec, ServiceSpec } from "../components/spec";

export interface Exit {
    service: string;
    from: string;
    listener: string;
    to: string;
    traffic: string;
    tls: string;
    allowed: string;
}

function sources(service: ServiceSpec, locked: boolean): string {
    if (!service.allowFrom) return locked ? "every namespace (no allow-list)" : "every namespace";
    return service.allowFrom.map((a) => (a.serviceAccount ? `${a.namespace}/sa/${a.serviceAccount}` : a.namespace)).join(", ");
}

const TRAFFIC: Record<PortSpec["kind"], string> = {
    http: "HTTP",
    "tls-passthrough": "TLS passthrough",
    "tls-origination": "HTTP, TLS originated",
    tcp: "TCP",
};

function tlsHops(port: PortSpec, mutualTls: boolean): string {
    const app = port.kind === "tls-passthrough" ? "app TLS" : "plain";
    const mesh = mutualTls ? "ISTIO_MUTUAL" : "none";
    const upstream = port.kind === "tls-origination" ? (port.origination?.credentialName ? "MUTUAL (originated)" : "SIMPLE (originated)") : port.kind === "tls-passthrough" ? "app TLS" : "plain";
    return `${app} | ${mesh} | ${upstream}`;
}

export function exits(plan: EgressPlan): Exit[] {
    const ctx = planRoutingContext(plan);
    const gateway = plan.spec.gateway.name;
    return plan.spec.services.flatMap((service) =>
        service.hosts.flatMap((host) =>
            service.ports.map((port) => {
                const listener = exitListener(ctx, service, port);
                const visible = service.exportTo.includes("*") ? "all namespaces" : service.exportTo.filter((n) => n !== ".").join(", ");
                return {
                    service: service.name,
                    from: visible,
                    listener: `${gateway}:${listener.port} (${listener.name})`,
                    to: `${upstreamOf(service, host) === host ? host : `${host} via ${upstreamOf(service, host)}`}:${port.upstreamPort}`,
                    traffic: TRAFFIC[port.kind],
                    tls: tlsHops(port, plan.spec.gateway.mutualTls),
                    allowed: sources(service, plan.spec.lockedDown),
                };
            }),
        ),
    );
}

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
}

function meshLine(plan: EgressPlan): string {
    switch (plan.spec.meshMode) {
        case "new":
            return "new ASM instance (alicloud.servicemesh.ServiceMesh), created first";
        case "id":
            return "existing ASM instance, adopted by id (kubeconfig read through the Alibaba Cloud API, kept secret)";
        default:
            return "existing mesh, adopted by its API server kubeconfig (kept secret, not shown)";
    }
}

function outboundLine(plan: EgressPlan): string {
    const { spec } = plan;
    if (spec.outboundPolicyVia === "none") return "ALLOW_ANY (unregistered hosts stay reachable)";
    if (spec.outboundPolicyVia === "meshConfig") return "REGISTRY_ONLY mesh-wide, through the new instance's meshConfig";
    const scope = spec.registryOnlyNamespaces ? `in ${spec.registryOnlyNamespaces.join(", ")}` : "mesh-wide";
    return `REGISTRY_ONLY ${scope}, through Sidecar objects created after every route`;
}

function routingLines(plan: EgressPlan): string[] {
    const { routing } = plan;
    const how = routing.path === "asmEgressTrafficPolicy"
        ? `ASMEgressTrafficPolicy ${EGRESS_POLICY_NAMESPACE}/${plan.spec.gateway.name} (ASM generates the ServiceEntry, Gateway, VirtualService, DestinationRule and Sidecar objects)`
        : "Istio objects (per service a ServiceEntry and a VirtualService per host; per listener a Gateway; shared DestinationRules toward the gateway)";
    return [`Routing:         ${how}, routing: ${routing.requested}`, ...routing.reasons.map((r) => `                 because ${r}`)];
}

/** `1 EIP`, `3 EIPs`. */
function counted(n: number, one: string, many: string): string {
    return `${n} ${n === 1 ? one : many}`;
}

function egressIpLine(e: EgressIpSpec): string {
    const nat = "existing" in e.natGateway ? "an existing NAT gateway" : "a new enhanced NAT gateway";
    const eips = "create" in e.eips ? counted(e.eips.create, "new EIP", "new EIPs") : counted(e.eips.adopt.length, "adopted EIP", "adopted EIPs");
    const pins = Object.entries(e.nodeSelector).map(([k, v]) => `${k}=${v}`).join(", ");
    return `SNAT of ${counted(e.vswitchIds.length, "vSwitch", "vSwitches")} through ${nat} on ${eips}; gateway pinned to nodes ${pins}${e.nodePool ? " (node pool created)" : ""}`;
}

export function summary(plan: EgressPlan, source: string): string {
    const { spec } = plan;
    const lines: string[] = [`mesh-egress plan for ${source}`, ""];
    lines.push(`Mesh:            ${meshLine(plan)}`);
    lines.push(...routingLines(plan));
    lines.push(`Gateway:         IstioGateway istio-system/${spec.gateway.name} -> Service ${plan.gatewayHost}`);
    lines.push(`                 ${spec.gateway.autoscaling ? `autoscaled ${spec.gateway.autoscaling.minReplicas}-${spec.gateway.autoscaling.maxReplicas} replicas` : `${spec.gateway.replicas} replicas`}, sidecar-to-gateway ${spec.gateway.mutualTls ? "ISTIO_MUTUAL" : "plain (no mTLS)"}`);
    const readiness = spec.gateway.readiness;
    lines.push(`                 ${readiness ? `ready when ${readiness.waitFor} (up waits up to ${readiness.timeoutSeconds} s before any route)` : "readiness not awaited: routes follow the IstioGateway at once"}`);
    lines.push(`Listeners:       ${plan.listeners.map((l) => `${l.port} ${l.name}`).join(", ")}`);
    lines.push(`Outbound policy: ${outboundLine(plan)}`);
    lines.push(`Access control:  ${spec.lockedDown ? "gateway denies every request no allow-list permits" : "open: any workload that sees a service may use it"}`);
    lines.push(`Access logs:     ${spec.accessLog.enabled ? `on (Telemetry, provider ${spec.accessLog.provider})` : "off"}`);
    if (spec.observe) lines.push(`Observe:         sidecars log calls to unregistered hosts in ${spec.observe.namespaces?.join(", ") ?? "every namespace"} (Telemetry, provider ${spec.observe.provider}); audit them with mesh-egress audit`);
    if (spec.bypassProtection) lines.push(`Bypass guard:    NetworkPolicies in ${spec.bypassProtection.namespaces.join(", ")} (data-plane cluster)`);
    if (spec.egressIp) lines.push(`Egress IP:       ${egressIpLine(spec.egressIp)}`);
    const rows = exits(plan);
    lines.push("", `Exits (${rows.length}):`);
    const header = ["FROM (sees it)", "GATEWAY LISTENER", "TO", "TRAFFIC", "TLS app | sidecar->gw | gw->host", "ALLOWED"];
    lines.push(...table([header, ...rows.map((e) => [e.from, e.listener, e.to, e.traffic, e.tls, e.allowed])]).map((l) => `  ${l}`));

    const waves = new Map<number, string[]>();
    const first = [...(spec.meshMode === "new" ? ["ServiceMesh (new ASM instance)"] : []), ...(spec.egressIp ? ["Egress IP (NAT gateway, EIPs, SNAT entries, node pool)"] : [])];
    const offset = first.length ? 1 : 0;
    if (offset) waves.set(0, first);
    for (const o of plan.objects) {
        const label = `${manifestId(o.manifest)}${o.cluster === "dataPlane" ? " [data plane]" : ""}`;
        waves.set(o.wave + offset, [...(waves.get(o.wave + offset) ?? []), label]);
    }
    lines.push("", `Objects (${plan.objects.length}) in rollout order, ${waves.size} waves; each wave waits for the one before:`);
    for (const [wave, labels] of [...waves.entries()].sort((a, b) => a[0] - b[0])) {
        lines.push(`  wave ${wave + 1}:`);
        lines.push(...labels.map((l) => `    ${l}`));
    }
    return `${lines.join("\n")}\n`;
}
