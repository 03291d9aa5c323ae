// Input validation: walks the raw arguments (from TypeScript or a YAML file) and lists every
// problem with its path and what would be valid. Nothing is created from input that fails here.
import { isIPv6 } from "net";
import { MESH_NAMESPACE, hostSlug } from "./naming";
import { isDeferred, misplacedOutputs } from "./inputs";
import { Problem, ProblemList } from "./problems";

type Obj = Record<string, unknown>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PROTOCOLS = ["HTTP", "HTTPS", "TLS", "TCP"];
const POLICIES = ["REGISTRY_ONLY", "ALLOW_ANY"];
const ROUTING_MODES = ["istio", "asmEgressTrafficPolicy", "auto"];
/** Ports Istio's proxies keep for themselves; a gateway listener there would not work. */
export const ISTIO_RESERVED_PORTS = { from: 15000, to: 15099 };

function isObject(value: unknown): value is Obj {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !isDeferred(value);
}

function show(value: unknown): string {
    return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** Checks one level of an object: required and known fields. Returns the object or undefined. */
function checkFields(p: ProblemList, path: string, value: unknown, required: string[], optional: string[]): Obj | undefined {
    // A misplaced Output is reported once, by its path.
    if (isDeferred(value)) return undefined;
    if (!isObject(value)) {
        p.add(path, `must be an object with ${required.length ? `fields ${required.join(", ")}` : "optional fields"}`);
        return undefined;
    }
    const known = new Set([...required, ...optional]);
    for (const key of Object.keys(value)) {
        if (!known.has(key)) p.add(`${path}.${key}`, `unknown field; valid fields are ${[...known].join(", ")}`);
    }
    for (const key of required) {
        if (value[key] === undefined || value[key] === null) p.add(`${path}.${key}`, "is required");
    }
    return value;
}

function checkInt(p: ProblemList, path: string, value: unknown, min: number, max: number): value is number {
    if (value === undefined || isDeferred(value)) return false;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        p.add(path, `${show(value)} is not valid; use a whole number from ${min} to ${max}`);
        return false;
    }
    return true;
}

function checkPort(p: ProblemList, path: string, value: unknown): value is number {
    return checkInt(p, path, value, 1, 65535);
}

function checkBool(p: ProblemList, path: string, value: unknown): void {
    if (value !== undefined && !isDeferred(value) && typeof value !== "boolean") p.add(path, `${show(value)} is not valid; use true or false`);
}

function checkString(p: ProblemList, path: string, value: unknown): value is string {
    if (value === undefined || isDeferred(value)) return false;
    if (typeof value !== "string" || value.length === 0) {
        p.add(path, `${show(value)} is not valid; use a non-empty string`);
        return false;
    }
    return true;
}

function checkEnum(p: ProblemList, path: string, value: unknown, allowed: string[]): void {
    if (value !== undefined && !isDeferred(value) && !allowed.includes(value as string)) {
        p.add(path, `${show(value)} is not valid; use one of ${allowed.join(", ")}`);
    }
}

function checkDnsLabel(p: ProblemList, path: string, value: unknown, maxLength = 63): value is string {
    if (!checkString(p, path, value)) return false;
    if (!DNS_LABEL.test(value) || value.length > maxLength) {
        p.add(path, `${show(value)} is not a valid name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters`);
        return false;
    }
    return true;
}

function checkArray(p: ProblemList, path: string, value: unknown, nonEmpty: boolean): value is unknown[] {
    if (value === undefined || isDeferred(value)) return false;
    if (!Array.isArray(value)) {
        p.add(path, `${show(value)} is not valid; use a list`);
        return false;
    }
    if (nonEmpty && value.length === 0) {
        p.add(path, "is empty; list at least one entry");
        // Stryker disable next-line BooleanLiteral: callers only walk the entries, and an empty list has none.
        return false;
    }
    return true;
}

function checkLabels(p: ProblemList, path: string, value: unknown): void {
    if (value === undefined || isDeferred(value)) return;
    if (!isObject(value)) {
        p.add(path, "must be a map of label names to values");
        return;
    }
    for (const [key, v] of Object.entries(value)) {
        const [prefix, name] = key.includes("/") ? key.split("/", 2) : [undefined, key];
        // Stryker disable next-line ConditionalExpression: without a prefix, test(undefined) tests "undefined", a valid subdomain.
        if ((prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) || !LABEL_NAME.test(name) || name.length > 63) {
            p.add(`${path}.${key}`, "is not a valid label name; use [prefix/]name with letters, digits, '-', '_', '.'");
        }
        if (!isDeferred(v) && (typeof v !== "string" || !LABEL_VALUE.test(v) || v.length > 63)) {
            p.add(`${path}.${key}`, `${show(v)} is not a valid label value; use at most 63 letters, digits, '-', '_', '.'`);
        }
    }
}

/** An exact hostname or a leading-label wildcard; no scheme, path, port or bare `*`. */
export function hostProblem(host: string): string | undefined {
    if (host.includes("://")) return `"${host}" has a scheme; give the bare hostname, e.g. "${host.split("://")[1].split("/")[0]}"`;
    if (host.includes("/")) return `"${host}" has a path; give the bare hostname, e.g. "${host.split("/")[0]}"`;
    if (host.includes(":")) return `"${host}" has a port; give the bare hostname and list the port under ports`;
    if (host === "*") return `"*" would send every host through the gateway; list the hosts, or a wildcard such as "*.example.com"`;
    const bare = host.startsWith("*.") ? host.slice(2) : host;
    if (bare.includes("*")) return `"${host}" is not valid; a wildcard is only allowed as the whole first label ("*.example.com")`;
    if (host !== host.toLowerCase()) return `"${host}" has uppercase letters; use "${host.toLowerCase()}"`;
    if (!DNS_SUBDOMAIN.test(bare) || bare.length > 253 || bare.split(".").some((l) => l.length > 63)) {
        return `"${host}" is not a valid DNS name; use labels of letters, digits and '-' separated by '.'`;
    }
    if (host.startsWith("*.") && !bare.includes(".")) return `"${host}" matches a whole top-level domain; use a narrower wildcard such as "*.example.${bare}"`;
    return undefined;
}

export interface ParsedCidr {
    ip: string;
    bits: number;
    maxBits: number;
}

export function parseCidr(text: string): ParsedCidr | undefined {
    const [ip, bitsText, extra] = text.split("/");
    if (extra !== undefined) return undefined;
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
    const isV4 = !!v4 && v4.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o);
    const isV6 = !isV4 && isIPv6(ip);
    if (!isV4 && !isV6) return undefined;
    const maxBits = isV4 ? 32 : 128;
    if (bitsText === undefined) return { ip, bits: maxBits, maxBits };
    if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > maxBits) return undefined;
    return { ip, bits: Number(bitsText), maxBits };
}

function checkCidr(p: ProblemList, path: string, value: unknown): ParsedCidr | undefined {
    if (!checkString(p, path, value)) return undefined;
    const parsed = parseCidr(value);
    if (!parsed) p.add(path, `${show(value)} is not an IP address or CIDR; use e.g. "10.0.0.5" or "10.0.0.0/24"`);
    return parsed;
}

function checkAllowFrom(p: ProblemList, path: string, value: unknown): void {
    if (!checkArray(p, path, value, true)) return;
    value.forEach((entry, i) => {
        const e = checkFields(p, `${path}[${i}]`, entry, ["namespace"], ["serviceAccount"]);
        if (!e) return;
        checkDnsLabel(p, `${path}[${i}].namespace`, e.namespace);
        if (e.serviceAccount !== undefined && checkString(p, `${path}[${i}].serviceAccount`, e.serviceAccount) && !DNS_SUBDOMAIN.test(e.serviceAccount)) {
            p.add(`${path}[${i}].serviceAccount`, `${show(e.serviceAccount)} is not a valid service account name; use lowercase letters, digits, '-' and '.'`);
        }
    });
}

function checkNamespaceList(p: ProblemList, path: string, value: unknown): void {
    if (!checkArray(p, path, value, true)) return;
    const seen = new Set<unknown>();
    value.forEach((ns, i) => {
        if (seen.has(ns)) p.add(`${path}[${i}]`, `${show(ns)} is listed twice; list each namespace once`);
        seen.add(ns);
        checkDnsLabel(p, `${path}[${i}]`, ns);
    });
}

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

function checkGateway(p: ProblemList, value: unknown): Obj | undefined {
    if (value === undefined) return undefined;
    const g = checkFields(p, "gateway", value, [], ["name", "replicas", "resources", "autoscaling", "nodeSelector", "tolerations", "affinity", "podLabels", "podAnnotations", "mutualTls"]);
    if (!g) return undefined;
    // istio-<name> must itself be a DNS label: it names the gateway Service.
    if (g.name !== undefined) checkDnsLabel(p, "gateway.name", g.name, 63 - "istio-".length);
    checkInt(p, "gateway.replicas", g.replicas, 1, 1000);
    checkBool(p, "gateway.mutualTls", g.mutualTls);
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

interface ServiceFacts {
    hosts: Map<string, string>; // host -> path where first declared
    gatewayPorts: Map<number, string>;
    upstreams: [string, string][]; // [path, upstreamHost], checked once every host is known
}

function checkPorts(p: ProblemList, path: string, value: unknown, facts: ServiceFacts): string[] {
    // Stryker disable next-line ArrayDeclaration: without ports no protocol is TCP, and a non-empty list of non-TCP names is read the same way.
    if (!checkArray(p, path, value, true)) return [];
    const protocols: string[] = [];
    const byNumber = new Map<number, string>();
    value.forEach((entry, j) => {
        const at = `${path}[${j}]`;
        const port = checkFields(p, at, entry, ["number", "protocol"], ["tlsOrigination", "gatewayPort"]);
        if (!port) return;
        const numberOk = checkPort(p, `${at}.number`, port.number);
        checkEnum(p, `${at}.protocol`, port.protocol, PROTOCOLS);
        if (typeof port.protocol === "string") protocols.push(port.protocol);
        if (numberOk) {
            const first = byNumber.get(port.number as number);
            if (first) p.add(`${at}.number`, `port ${port.number} is already declared at ${first}; declare each port once, with one protocol`);
            else byNumber.set(port.number as number, at);
        }
        if (numberOk && port.number === 443 && port.protocol === "HTTP") {
            p.add(`${at}.protocol`, `HTTP on port 443 breaks HTTPS clients; use "HTTPS" if the application speaks TLS, or HTTP on a plain port with tlsOrigination`);
        }
        if (port.gatewayPort !== undefined && checkPort(p, `${at}.gatewayPort`, port.gatewayPort)) {
            const gp = port.gatewayPort as number;
            if (gp >= ISTIO_RESERVED_PORTS.from && gp <= ISTIO_RESERVED_PORTS.to) {
                p.add(`${at}.gatewayPort`, `${gp} is reserved by Istio's proxy (${ISTIO_RESERVED_PORTS.from}-${ISTIO_RESERVED_PORTS.to}); pick another port`);
            } else if (facts.gatewayPorts.has(gp)) {
                p.add(`${at}.gatewayPort`, `${gp} is already pinned at ${facts.gatewayPorts.get(gp)}; each pinned gateway port must be unique`);
            } else {
                facts.gatewayPorts.set(gp, `${at}.gatewayPort`);
            }
        }
        if (port.tlsOrigination !== undefined) {
            const o = checkFields(p, `${at}.tlsOrigination`, port.tlsOrigination, [], ["port", "caCertificates", "credentialName", "sni", "subjectAltNames"]);
            if (port.protocol !== "HTTP") {
                p.add(`${at}.tlsOrigination`, `only applies to protocol HTTP (the application speaks plain HTTP and the gateway adds TLS); with ${show(port.protocol)} the application already speaks TLS, so remove tlsOrigination`);
            }
            if (o) {
                if (checkPort(p, `${at}.tlsOrigination.port`, o.port) && o.port === port.number) {
                    p.add(`${at}.tlsOrigination.port`, `${o.port} equals the application port; the gateway must originate TLS on a different port (usually 443) than the plain one`);
                }
                if (o.caCertificates !== undefined) checkString(p, `${at}.tlsOrigination.caCertificates`, o.caCertificates);
                if (o.credentialName !== undefined) checkDnsLabel(p, `${at}.tlsOrigination.credentialName`, o.credentialName, 253);
                if (o.credentialName !== undefined && o.caCertificates !== undefined) {
                    p.add(`${at}.tlsOrigination.caCertificates`, "cannot be given with credentialName: Istio then takes the CA from the secret; put the CA bundle in the secret as ca.crt and remove caCertificates");
                }
                if (checkArray(p, `${at}.tlsOrigination.subjectAltNames`, o.subjectAltNames, true)) {
                    o.subjectAltNames.forEach((name, k) => {
                        const where = `${at}.tlsOrigination.subjectAltNames[${k}]`;
                        if (!checkString(p, where, name)) return;
                        const problem = hostProblem(name);
                        if (problem || name.includes("*")) p.add(where, problem ?? `"${name}" is a wildcard; list the concrete names the certificate must carry (a wildcard certificate matches them)`);
                    });
                }
                if (o.sni !== undefined && checkString(p, `${at}.tlsOrigination.sni`, o.sni)) {
                    const problem = hostProblem(o.sni);
                    if (problem || o.sni.includes("*")) p.add(`${at}.tlsOrigination.sni`, problem ?? `"${o.sni}" is a wildcard; SNI must be one concrete hostname`);
                }
            }
        }
    });
    // The upstream TLS port becomes a ServiceEntry port; it must not be another port's number.
    value.forEach((entry, j) => {
        const port = entry as Obj | undefined;
        if (!isObject(port) || !isObject(port.tlsOrigination)) return;
        const upstream = port.tlsOrigination.port ?? 443;
        const other = byNumber.get(upstream as number);
        if (other && other !== `${path}[${j}]`) {
            p.add(`${path}[${j}].tlsOrigination.port`, `${upstream} is already declared at ${other}; originate TLS to a port the service does not list, or drop that port`);
        }
    });
    return protocols;
}

function checkService(p: ProblemList, i: number, value: unknown, names: Map<string, string>, facts: ServiceFacts, mutualTls: boolean): void {
    const at = `services[${i}]`;
    const s = checkFields(p, at, value, ["name", "hosts", "ports"], ["addresses", "endpoints", "upstreamHost", "allowFrom", "exportTo"]);
    if (!s) return;
    if (checkDnsLabel(p, `${at}.name`, s.name, 40)) {
        const first = names.get(s.name);
        if (first) p.add(`${at}.name`, `"${s.name}" is already used by ${first}; service names must be unique`);
        else names.set(s.name, at);
    }
    const protocols = checkPorts(p, `${at}.ports`, s.ports, facts);
    const isTcp = protocols.includes("TCP");
    if (isTcp && protocols.some((x) => x !== "TCP")) {
        p.add(`${at}.ports`, "mixes TCP with other protocols; a TCP destination is matched by address, others by hostname, so split it into two services");
    }
    const slugs = new Map<string, string>();
    if (checkArray(p, `${at}.hosts`, s.hosts, true)) {
        if (isTcp && s.hosts.length > 1) p.add(`${at}.hosts`, "a TCP service is routed by address and port, not by name; give it exactly one host (a name for the destination)");
        s.hosts.forEach((host, j) => {
            const hp = `${at}.hosts[${j}]`;
            if (!checkString(p, hp, host)) return;
            const problem = hostProblem(host);
            if (problem) return p.add(hp, problem);
            if (host.startsWith("*.") && s.upstreamHost === undefined) {
                p.add(hp, `wildcard "${host}" cannot be resolved by DNS at the gateway; set ${at}.upstreamHost to the one concrete host that serves it, or list concrete hosts`);
            }
            if (host.startsWith("*.") && isTcp) p.add(hp, "a TCP service cannot use a wildcard host; name the destination and list its addresses");
            const first = facts.hosts.get(host);
            if (first) {
                return p.add(hp, `"${host}" is already declared at ${first}; a host belongs to one service, so declare all of its ports there`);
            }
            facts.hosts.set(host, hp);
            const slug = hostSlug(host);
            if (slugs.has(slug)) p.add(hp, `"${host}" and ${slugs.get(slug)} give the same object name "${slug}"; keep one of them`);
            slugs.set(slug, hp);
        });
    }
    let hasRange = false;
    if (s.addresses !== undefined) {
        if (!isTcp) {
            p.add(`${at}.addresses`, "only applies to TCP ports; HTTP and TLS services are matched by hostname and resolved by DNS (CIDR addresses with DNS resolution are invalid in Istio)");
        }
        if (checkArray(p, `${at}.addresses`, s.addresses, true)) {
            s.addresses.forEach((a, j) => {
                const c = checkCidr(p, `${at}.addresses[${j}]`, a);
                if (c && c.bits < c.maxBits) hasRange = true;
            });
        }
    } else if (isTcp) {
        p.add(`${at}.addresses`, "is required for TCP ports; without addresses a TCP ServiceEntry captures the port for every destination. List the destination IPs or CIDRs");
    }
    if (s.endpoints !== undefined) {
        if (!isTcp) p.add(`${at}.endpoints`, "only applies to TCP services; other services are resolved by DNS");
        if (checkArray(p, `${at}.endpoints`, s.endpoints, true)) {
            s.endpoints.forEach((e, j) => {
                const c = checkCidr(p, `${at}.endpoints[${j}]`, e);
                if (c && c.bits < c.maxBits) p.add(`${at}.endpoints[${j}]`, `${show(e)} is a range; endpoints are the single IPs the gateway connects to`);
            });
        }
    } else if (isTcp && hasRange) {
        p.add(`${at}.endpoints`, "is required when addresses contain a range: the gateway can only forward TCP to concrete IPs. List them (e.g. [\"10.0.0.5\"])");
    }
    if (s.upstreamHost !== undefined && checkString(p, `${at}.upstreamHost`, s.upstreamHost)) {
        const problem = hostProblem(s.upstreamHost);
        if (problem) p.add(`${at}.upstreamHost`, problem);
        else if (s.upstreamHost.startsWith("*")) p.add(`${at}.upstreamHost`, `"${s.upstreamHost}" is a wildcard; the upstream must be one concrete host`);
        else if (isTcp) p.add(`${at}.upstreamHost`, "does not apply to TCP services; their upstream is endpoints");
        else facts.upstreams.push([`${at}.upstreamHost`, s.upstreamHost]);
    }
    if (s.allowFrom !== undefined) {
        checkAllowFrom(p, `${at}.allowFrom`, s.allowFrom);
        if (!mutualTls) p.add(`${at}.allowFrom`, "needs gateway.mutualTls: the gateway only knows who calls over mutual TLS; remove allowFrom or enable mutualTls");
    }
    if (s.exportTo !== undefined && checkArray(p, `${at}.exportTo`, s.exportTo, true)) {
        s.exportTo.forEach((ns, j) => {
            if (ns === "*" || ns === ".") return;
            if (ns === "~") return p.add(`${at}.exportTo[${j}]`, `"~" hides the service from every namespace; list namespaces, "*" or "."`);
            checkDnsLabel(p, `${at}.exportTo[${j}]`, ns);
        });
    }
}

/** A plain list of string Inputs: each entry a non-empty string or an Output, none listed twice. */
function checkIdList(p: ProblemList, path: string, value: unknown): void {
    if (!checkArray(p, path, value, true)) return;
    const seen = new Set<unknown>();
    value.forEach((id, i) => {
        if (checkString(p, `${path}[${i}]`, id) && seen.has(id)) p.add(`${path}[${i}]`, `${show(id)} is listed twice; list each id once`);
        seen.add(id);
    });
}

/** The effects a Kubernetes taint may have (an empty toleration effect, "any", makes no taint). */
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

const EGRESS_IP_FIELDS = ["natGatewayId", "vpcId", "natGatewayVswitchId", "eipCount", "eipBandwidth", "eipIds", "nodeSelector", "tolerations", "nodePool"];

function checkEgressIp(p: ProblemList, value: unknown, args: Obj, gateway: Obj | undefined): void {
    const e = checkFields(p, "egressIp", value, ["vswitchIds"], EGRESS_IP_FIELDS);
    if (!e) return;
    checkIdList(p, "egressIp.vswitchIds", e.vswitchIds);
    checkString(p, "egressIp.natGatewayId", e.natGatewayId);
    checkString(p, "egressIp.vpcId", e.vpcId);
    checkString(p, "egressIp.natGatewayVswitchId", e.natGatewayVswitchId);
    if (e.natGatewayId !== undefined && e.vpcId !== undefined) {
        p.add("egressIp", "natGatewayId and vpcId are set together; give natGatewayId to use an existing NAT gateway, or vpcId to create one");
    }
    if (e.natGatewayId === undefined && e.vpcId === undefined && args.kubeconfig !== undefined) {
        p.add("egressIp", "needs natGatewayId (an existing enhanced NAT gateway) or vpcId (create one): the mesh is adopted by kubeconfig, so its VPC is not known");
    }
    if (e.natGatewayVswitchId !== undefined && e.natGatewayId !== undefined) {
        p.add("egressIp.natGatewayVswitchId", "places a NAT gateway the component creates; remove it, or give vpcId instead of natGatewayId");
    }
    checkInt(p, "egressIp.eipCount", e.eipCount, 1, 20);
    checkInt(p, "egressIp.eipBandwidth", e.eipBandwidth, 1, 10000);
    if (e.eipIds !== undefined) {
        checkIdList(p, "egressIp.eipIds", e.eipIds);
        if (e.eipCount !== undefined) p.add("egressIp", "eipCount and eipIds are set together; give eipCount to create EIPs, or eipIds to adopt existing ones");
        if (e.eipBandwidth !== undefined) p.add("egressIp.eipBandwidth", "sets the bandwidth of EIPs the component creates; adopted eipIds keep their own");
    }
    checkLabels(p, "egressIp.nodeSelector", e.nodeSelector);
    checkArray(p, "egressIp.tolerations", e.tolerations, false);
    const selector = isObject(e.nodeSelector) ? e.nodeSelector : {};
    const gatewaySelector = gateway && isObject(gateway.nodeSelector) ? gateway.nodeSelector : {};
    for (const key of Object.keys(selector)) {
        if (key in gatewaySelector && gatewaySelector[key] !== selector[key]) {
            p.add(`egressIp.nodeSelector.${key}`, `${show(selector[key])} contradicts gateway.nodeSelector.${key} (${show(gatewaySelector[key])}); no node could carry both`);
        }
    }
    if (e.nodePool !== undefined) {
        const pool = checkFields(p, "egressIp.nodePool", e.nodePool, ["instanceTypes"], ["clusterId", "size", "name", "systemDiskCategory"]);
        if (pool) {
            checkString(p, "egressIp.nodePool.clusterId", pool.clusterId);
            checkIdList(p, "egressIp.nodePool.instanceTypes", pool.instanceTypes);
            checkInt(p, "egressIp.nodePool.size", pool.size, 1, 100);
            checkString(p, "egressIp.nodePool.name", pool.name);
            checkString(p, "egressIp.nodePool.systemDiskCategory", pool.systemDiskCategory);
        }
        if (Array.isArray(e.tolerations)) {
            e.tolerations.forEach((t, i) => {
                const at = `egressIp.tolerations[${i}]`;
                if (isDeferred(t)) {
                    p.add(at, "is an Output; with nodePool each toleration must be a plain object, since the pool's taints are made from it (its key, value and effect may be Outputs)");
                } else if (!isObject(t) || t.key === undefined || t.effect === undefined) {
                    p.add(at, "needs a key and an effect with nodePool: the pool's nodes are tainted with what the tolerations admit");
                } else {
                    checkEnum(p, `${at}.effect`, t.effect, TAINT_EFFECTS);
                }
            });
        }
    }
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

const OPTIONAL_TOP_FIELDS = ["newMesh", "meshId", "kubeconfig", "gateway", "outboundTrafficPolicy", "registryOnlyNamespaces", "defaultAllowFrom", "accessLog", "observe", "bypassProtection", "routing", "egressIp"];

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
        const facts: ServiceFacts = { hosts: new Map(), gatewayPorts: new Map(), upstreams: [] };
        args.services.forEach((s, i) => checkService(p, i, s, names, facts, mutualTls));
        // An upstream gets its own DNS ServiceEntry; a second entry for a declared host would conflict.
        for (const [path, host] of facts.upstreams) {
            const declared = facts.hosts.get(host);
            if (declared) p.add(path, `"${host}" is already declared at ${declared}; route to it through that service, or use a host no service declares`);
        }
    }
    return p.items;
}
