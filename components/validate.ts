// Input validation: walks the raw arguments (from TypeScript or a YAML file) and lists every
// problem with its path and what would be valid. Nothing is created from input that fails here.
// The rules of each service are in validateService.ts, those of the egress IP in validateEgressIp.ts.
import { checkArray, checkBool, checkCidr, checkDnsLabel, checkEnum, checkFields, checkInt, checkLabels, checkNamespaceList, checkString, isObject, show, Obj } from "./inputChecks";
import { isDeferred, misplacedOutputs } from "./inputs";
import { MESH_NAMESPACE } from "./naming";
import { Problem, ProblemList } from "./problems";
import { checkEgressIp } from "./validateEgressIp";
import { ServiceFacts, checkAllowFrom, checkService } from "./validateService";

const POLICIES = ["REGISTRY_ONLY", "ALLOW_ANY"];

const ROUTING_MODES = ["istio", "asmEgressTrafficPolicy", "auto"];

function checkNewMesh(p: ProblemList, value: unknown): void {
    const m = checkFields(p, "newMesh", value, ["vpcId", "vswitchId"], ["edition", "clusterSpec", "version", "name", "apiServerPublicEip", "securityGroupId", "force", "timeoutMinutes"]);
    if (!m) return;
    checkString(p, "newMesh.vpcId", m.vpcId);
    checkString(p, "newMesh.vswitchId", m.vswitchId);
    checkEnum(p, "newMesh.edition", m.edition, ["Default", "Pro"]);
    checkEnum(p, "newMesh.clusterSpec", m.clusterSpec, ["standard", "enterprise", "ultimate"]);
    checkBool(p, "newMesh.apiServerPublicEip", m.apiServerPublicEip);
    checkBool(p, "newMesh.force", m.force);
    checkInt(p, "newMesh.timeoutMinutes", m.timeoutMinutes, 1, 24 * 60);
}

function checkReadiness(p: ProblemList, value: unknown): void {
    if (value === undefined) return;
    const r = checkFields(p, "gateway.readiness", value, [], ["enabled", "jsonPath", "value", "timeoutSeconds"]);
    if (!r) return;
    checkBool(p, "gateway.readiness.enabled", r.enabled);
    // The provider reads `jsonpath=<path>=<value>`: a path in braces, and a value on one line.
    if (r.jsonPath !== undefined && (typeof r.jsonPath !== "string" || !/^\{\.[^{}\s=]+\}$/.test(r.jsonPath))) {
        p.add("gateway.readiness.jsonPath", `${show(r.jsonPath)} is not valid; use a JSONPath in braces without spaces or "=", e.g. "{.status.Status}"`);
    }
    if (r.value !== undefined && (typeof r.value !== "string" || /[\n\r]/.test(r.value))) {
        p.add("gateway.readiness.value", `${JSON.stringify(r.value)} is not valid; use a string on one line ("" accepts any value present)`);
    }
    checkInt(p, "gateway.readiness.timeoutSeconds", r.timeoutSeconds, 1, 86400);
}

function checkGateway(p: ProblemList, value: unknown): Obj | undefined {
    if (value === undefined) return undefined;
    const g = checkFields(p, "gateway", value, [], ["name", "replicas", "resources", "autoscaling", "nodeSelector", "tolerations", "affinity", "podLabels", "podAnnotations", "mutualTls", "readiness"]);
    if (!g) return undefined;
    // istio-<name> must itself be a DNS label: it names the gateway Service.
    if (g.name !== undefined) checkDnsLabel(p, "gateway.name", g.name, 63 - "istio-".length);
    checkInt(p, "gateway.replicas", g.replicas, 1, 1000);
    checkBool(p, "gateway.mutualTls", g.mutualTls);
    checkReadiness(p, g.readiness);
    checkLabels(p, "gateway.nodeSelector", g.nodeSelector);
    checkLabels(p, "gateway.podLabels", g.podLabels);
    if (isObject(g.podLabels) && "mesh-egress.io/gateway" in g.podLabels) {
        p.add("gateway.podLabels.mesh-egress.io/gateway", "is set by the component (it selects the gateway pods); remove it");
    }
    if (g.podAnnotations !== undefined && !isObject(g.podAnnotations)) p.add("gateway.podAnnotations", "must be a map of annotation names to values");
    if (isObject(g.podAnnotations)) {
        for (const [key, v] of Object.entries(g.podAnnotations)) {
            // Kubernetes annotation values are strings; a number or boolean is refused by the API server.
            if (typeof v !== "string") p.add(`gateway.podAnnotations.${key}`, `${show(v)} is not valid; use a string (quote numbers and booleans)`);
        }
    }
    checkArray(p, "gateway.tolerations", g.tolerations, false);
    if (g.resources !== undefined) checkFields(p, "gateway.resources", g.resources, [], ["requests", "limits"]);
    if (g.autoscaling !== undefined) {
        const a = checkFields(p, "gateway.autoscaling", g.autoscaling, ["maxReplicas"], ["minReplicas", "targetCpuUtilization"]);
        if (a) {
            const okMax = checkInt(p, "gateway.autoscaling.maxReplicas", a.maxReplicas, 1, 1000);
            const okMin = checkInt(p, "gateway.autoscaling.minReplicas", a.minReplicas, 1, 1000);
            checkInt(p, "gateway.autoscaling.targetCpuUtilization", a.targetCpuUtilization, 1, 100);
            if (okMax && okMin && (a.minReplicas as number) > (a.maxReplicas as number)) {
                p.add("gateway.autoscaling.minReplicas", `${show(a.minReplicas)} is above maxReplicas ${show(a.maxReplicas)}; use at most maxReplicas`);
            }
        }
    }
    return g;
}

/** Observing needs calls that still pass through: ALLOW_ANY, or namespaces not yet locked. */
function checkObserve(p: ProblemList, args: Obj): void {
    const o = checkFields(p, "observe", args.observe, [], ["namespaces", "provider"]);
    if (!o) return;
    checkString(p, "observe.provider", o.provider);
    const locked = Array.isArray(args.registryOnlyNamespaces) ? args.registryOnlyNamespaces : undefined;
    if (args.outboundTrafficPolicy !== "ALLOW_ANY" && !locked) {
        p.add("observe", "logs the calls that pass through to unregistered hosts, but under mesh-wide REGISTRY_ONLY (the default) none does; set outboundTrafficPolicy: ALLOW_ANY to observe before locking, or lock namespace by namespace with registryOnlyNamespaces");
    }
    checkNamespaceList(p, "observe.namespaces", o.namespaces);
    if (!Array.isArray(o.namespaces)) return;
    o.namespaces.forEach((ns, i) => {
        if (ns === MESH_NAMESPACE) {
            p.add(`observe.namespaces[${i}]`, `"${MESH_NAMESPACE}" is the root namespace, whose Telemetry applies to every namespace; leave namespaces out to observe every namespace`);
        }
        const j = locked?.indexOf(ns) ?? -1;
        if (j >= 0) {
            p.add(`observe.namespaces[${i}]`, `${show(ns)} is locked by registryOnlyNamespaces[${j}]: its calls to unregistered hosts are refused, not passed through; observe the namespaces not yet locked`);
        }
    });
}

const PLAIN_ONLY =
    "is an Output, but must be a plain value: the component names and checks every object from it at preview. Outputs are taken by meshId, kubeconfig, clusterIds, the newMesh ids, gateway tolerations and affinity, and the egressIp ids";

const OPTIONAL_TOP_FIELDS = ["newMesh", "meshId", "kubeconfig", "gateway", "outboundTrafficPolicy", "registryOnlyNamespaces", "defaultAllowFrom", "accessLog", "observe", "bypassProtection", "routing", "egressIp", "liveChecks"];

/** Every problem of a MeshEgress input, in input order; empty when the input can work. */
export function validateArgs(input: unknown): Problem[] {
    const p = new ProblemList();
    if (isDeferred(input)) p.add("args", PLAIN_ONLY);
    const args = checkFields(p, "args", input, ["clusterIds", "services"], OPTIONAL_TOP_FIELDS);
    if (!args) return p.items;
    // Stryker disable next-line Regex: every path here starts with "args.", so the first match is the anchored one.
    for (const item of p.items) item.path = item.path.replace(/^args\./, "");
    for (const path of misplacedOutputs(args)) p.add(path, PLAIN_ONLY);
    const modes = ["newMesh", "meshId", "kubeconfig"].filter((m) => args[m] !== undefined && args[m] !== null);
    if (modes.length !== 1) {
        p.add(modes.length ? modes.join(", ") : "newMesh|meshId|kubeconfig", modes.length
            ? `${modes.join(" and ")} are set together; give exactly one way to reach the mesh`
            : "no mesh given; set exactly one of newMesh (create one), meshId (adopt by id) or kubeconfig (adopt by API server)");
    }
    if (args.newMesh !== undefined) checkNewMesh(p, args.newMesh);
    if (args.meshId !== undefined) checkString(p, "meshId", args.meshId);
    if (args.kubeconfig !== undefined) checkString(p, "kubeconfig", args.kubeconfig);
    if (checkArray(p, "clusterIds", args.clusterIds, true)) {
        args.clusterIds.forEach((c, i) => checkString(p, `clusterIds[${i}]`, c));
    }
    const gateway = checkGateway(p, args.gateway);
    const mutualTls = gateway?.mutualTls !== false;
    checkEnum(p, "outboundTrafficPolicy", args.outboundTrafficPolicy, POLICIES);
    checkBool(p, "liveChecks", args.liveChecks);
    checkEnum(p, "routing", args.routing, ROUTING_MODES);
    if (args.registryOnlyNamespaces !== undefined) {
        checkNamespaceList(p, "registryOnlyNamespaces", args.registryOnlyNamespaces);
        if (args.outboundTrafficPolicy === "ALLOW_ANY") {
            p.add("registryOnlyNamespaces", "is set but outboundTrafficPolicy is ALLOW_ANY; remove one of them");
        }
    }
    if (args.defaultAllowFrom !== undefined) {
        checkAllowFrom(p, "defaultAllowFrom", args.defaultAllowFrom);
        if (!mutualTls) p.add("defaultAllowFrom", "needs gateway.mutualTls: the gateway only knows who calls over mutual TLS");
    }
    if (args.accessLog !== undefined) {
        const a = checkFields(p, "accessLog", args.accessLog, [], ["enabled", "provider", "slsProject", "retentionDays"]);
        if (a) {
            checkBool(p, "accessLog.enabled", a.enabled);
            checkString(p, "accessLog.provider", a.provider);
            checkString(p, "accessLog.slsProject", a.slsProject);
            checkInt(p, "accessLog.retentionDays", a.retentionDays, 1, 3650);
            if ((a.slsProject !== undefined || a.retentionDays !== undefined) && args.newMesh === undefined) {
                p.add("accessLog", "slsProject and retentionDays configure a new mesh's Simple Log Service logs; they need newMesh (set them in the ASM console for an existing mesh)");
            }
        }
    }
    if (args.observe !== undefined) checkObserve(p, args);
    if (args.bypassProtection !== undefined) {
        const b = checkFields(p, "bypassProtection", args.bypassProtection, ["namespaces", "allowedCidrs"], ["provider"]);
        if (b) {
            checkNamespaceList(p, "bypassProtection.namespaces", b.namespaces);
            if (checkArray(p, "bypassProtection.allowedCidrs", b.allowedCidrs, true)) {
                b.allowedCidrs.forEach((c, i) => checkCidr(p, `bypassProtection.allowedCidrs[${i}]`, c));
            }
        }
    }
    if (args.egressIp !== undefined) checkEgressIp(p, args.egressIp, args, gateway);
    if (checkArray(p, "services", args.services, true)) {
        const names = new Map<string, string>();
        const facts: ServiceFacts = { hosts: new Map(), slugs: new Map(), gatewayPorts: new Map(), upstreams: [] };
        args.services.forEach((s, i) => checkService(p, i, s, names, facts, mutualTls));
        // An upstream gets its own DNS ServiceEntry; a second entry for a declared host would conflict.
        for (const [path, host] of facts.upstreams) {
            const declared = facts.hosts.get(host);
            if (declared) p.add(path, `"${host}" is already declared at ${declared}; route to it through that service, or use a host no service declares`);
        }
    }
    return p.items;
}
