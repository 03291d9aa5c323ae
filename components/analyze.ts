// The `istioctl analyze` checks that apply to what this package generates (docs/design.md, "The failure modes the checks prevent"),
// run over the generated objects at preview so a broken cross-reference fails before rollout.
// Codes and meanings follow istio.io's analysis message reference.
import type { Manifest } from "./manifest";
import { manifestId } from "./manifest";
import { gatewayServiceHost } from "./naming";
import { parseCidr } from "./hostSyntax";

/** A generated object that Istio's checks would reject (the self-check's result). */
export interface Finding {
    /** The check's code, istioctl's where it has one (`IST0101`). */
    code: string;
    /** `Kind/namespace/name` of the object at fault. */
    object: string;
    /** What is wrong with it. */
    message: string;
}

type Spec = Record<string, any>;

interface Destination {
    host: string;
    subset?: string;
    port?: { number?: number };
}

/** Istio host matching: exact, or `*.suffix` covering any name ending in `.suffix`. */
export function hostMatches(pattern: string, host: string): boolean {
    if (pattern === "*" || pattern === host) return true;
    // A wildcard host ("*.sub.example") ends with the suffix too, so one test covers both.
    if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
    return false;
}

/**
 * Host patterns indexed for Istio host matching, so a lookup costs the labels of the host, not
 * the number of patterns: by the whole pattern, by a wildcard's suffix, and by every suffix.
 */
export class HostIndex<T> {
    private readonly whole = new Map<string, T[]>();
    private readonly wildcardSuffix = new Map<string, T[]>();
    private readonly anySuffix = new Map<string, T[]>();
    private readonly all: T[] = [];

    private static push<T>(map: Map<string, T[]>, key: string, item: T): void {
        const list = map.get(key);
        if (list) list.push(item);
        else map.set(key, [item]);
    }

    /** Every `.suffix` of a name: `a.b.c` -> `.b.c`, `.c`. */
    private static suffixes(name: string): string[] {
        const out: string[] = [];
        for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) out.push(name.slice(i));
        return out;
    }

    add(pattern: string, item: T): void {
        this.all.push(item);
        HostIndex.push(this.whole, pattern, item);
        if (pattern.startsWith("*.")) HostIndex.push(this.wildcardSuffix, pattern.slice(1), item);
        for (const suffix of HostIndex.suffixes(pattern)) HostIndex.push(this.anySuffix, suffix, item);
    }

    /** The items whose pattern matches `host`: hostMatches(pattern, host). */
    matching(host: string): Set<T> {
        const out = new Set([...(this.whole.get("*") ?? []), ...(this.whole.get(host) ?? [])]);
        for (const suffix of HostIndex.suffixes(host)) for (const item of this.wildcardSuffix.get(suffix) ?? []) out.add(item);
        return out;
    }

    /** The items whose pattern matches `host`, or that `host` matches. */
    overlapping(host: string): Set<T> {
        if (host === "*") return new Set(this.all);
        const out = this.matching(host);
        if (host.startsWith("*.")) for (const item of this.anySuffix.get(host.slice(1)) ?? []) out.add(item);
        return out;
    }
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function serverHost(host: string): string {
    return host.includes("/") ? host.split("/")[1] : host;
}

function destinations(vs: Spec): Destination[] {
    return (["http", "tls", "tcp"] as const).flatMap((kind) => ((vs[kind] ?? []) as Spec[]).flatMap((r) => ((r.route ?? []) as { destination: Destination }[]).map((d) => d.destination)));
}

/** Every finding for a set of objects, as `istioctl analyze` would report it. */
export function analyzeObjects(manifests: Manifest[]): Finding[] {
    const objects = manifests as (Manifest & { spec: Spec })[];
    const findings: Finding[] = [];
    const report = (code: string, m: Manifest, message: string) => findings.push({ code, object: manifestId(m), message });
    const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);

    // What ASM creates for each IstioGateway: Service istio-<name> with its ports, pods with podLabels.
    const gatewayWorkloads = ofKind("IstioGateway").map((g) => ({
        host: gatewayServiceHost(g.metadata.name),
        labels: (g.spec.podLabels ?? {}) as Record<string, string>,
        ports: ((g.spec.ports ?? []) as { port: number }[]).map((p) => p.port),
        portSet: new Set(((g.spec.ports ?? []) as { port: number }[]).map((p) => p.port)),
    }));
    const serviceEntries = ofKind("ServiceEntry");
    const gateways = new Map(ofKind("Gateway").map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
    const destinationRules = ofKind("DestinationRule");

    // Indexed once, so each lookup below is independent of how many objects there are.
    const entryIndex = new HostIndex<number>();
    serviceEntries.forEach((se, i) => (se.spec.hosts as string[]).forEach((h) => entryIndex.add(h, i)));
    const subsetNames = new Map<string, Set<string>>();
    for (const dr of destinationRules) {
        const names = subsetNames.get(dr.spec.host) ?? new Set<string>();
        for (const subset of (dr.spec.subsets ?? []) as Spec[]) names.add(subset.name);
        subsetNames.set(dr.spec.host, names);
    }

    const portsOfHost = (host: string): number[] | undefined => {
        const workload = gatewayWorkloads.find((w) => w.host === host);
        if (workload) return workload.ports;
        const entries = [...entryIndex.matching(host)].sort((a, b) => a - b).map((i) => serviceEntries[i]);
        if (entries.length === 0) return undefined;
        return [...new Set(entries.flatMap((se) => (se.spec.ports as { number: number }[]).map((p) => p.number)))];
    };


    // A Gateway's server hosts, indexed once: a listener's Gateway serves every host on it.
    const servedIndex = new Map<string, HostIndex<string>>();
    const servedHosts = (key: string, gateway: Manifest & { spec: Spec }): HostIndex<string> => {
        let index = servedIndex.get(key);
        if (!index) {
            index = new HostIndex<string>();
            for (const s of gateway.spec.servers as Spec[]) for (const h of s.hosts as string[]) index.add(serverHost(h), h);
            servedIndex.set(key, index);
        }
        return index;
    };

    // IST0101, IST0112, IST0132, IST0109
    const meshHosts = new Map<string, Manifest[]>();
    for (const vs of ofKind("VirtualService")) {
        const bound: string[] = vs.spec.gateways ?? ["mesh"];
        for (const ref of bound.filter((g) => g !== "mesh")) {
            const key = ref.includes("/") ? ref : `${vs.metadata.namespace}/${ref}`;
            const gateway = gateways.get(key);
            if (!gateway) {
                report("IST0101", vs, `Referenced gateway not found: "${key}"`);
                continue;
            }
            const served = servedHosts(key, gateway);
            const missing = (vs.spec.hosts as string[]).filter((h) => served.matching(h).size === 0);
            if (missing.length) report("IST0132", vs, `one or more host [${missing.join(" ")}] defined in VirtualService ${manifestId(vs)} not found in Gateway ${key}.`);
        }
        if (bound.includes("mesh")) {
            for (const host of vs.spec.hosts as string[]) meshHosts.set(host, [...(meshHosts.get(host) ?? []), vs]);
        }
        for (const destination of destinations(vs.spec)) {
            const ports = portsOfHost(destination.host);
            if (!ports) {
                report("IST0101", vs, `Referenced host not found: "${destination.host}"`);
                continue;
            }
            if (destination.subset && !subsetNames.get(destination.host)?.has(destination.subset)) {
                report("IST0101", vs, `Referenced host+subset in destinationrule not found: "${destination.host}+${destination.subset}"`);
            }
            if (!destination.port?.number && ports.length > 1) {
                report("IST0112", vs, `This VirtualService routes to a service "${destination.host}" that exposes multiple ports [${ports.join(" ")}]. Specifying a port in the destination is required to disambiguate.`);
            }
        }
    }
    for (const [host, list] of meshHosts) {
        if (list.length > 1) {
            for (const vs of list) report("IST0109", vs, `The VirtualServices ${list.map((v) => v.metadata.name).join(",")} associated with mesh gateway define the same host ${host} which can lead to undefined behavior.`);
        }
    }

    // IST0101 (selector), IST0162, IST0145, IST0106 (server port names)
    // Per selector and port: the servers so far, indexed by host and by protocol.
    interface Bound {
        servers: { gateway: Manifest; hosts: string[]; protocol: string }[];
        hosts: HostIndex<number>;
        byProtocol: Map<string, number[]>;
    }
    const bySelectorPort = new Map<string, Bound>();
    for (const gateway of gateways.values()) {
        const selector = (gateway.spec.selector ?? {}) as Record<string, string>;
        const workload = gatewayWorkloads.find((w) => selectorMatches(selector, w.labels));
        const selectorText = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",");
        if (!workload) report("IST0101", gateway, `Referenced selector not found: "${selectorText}"`);
        const names = new Set<string>();
        for (const server of gateway.spec.servers as Spec[]) {
            const port = server.port as { number: number; name: string; protocol: string };
            if (names.has(port.name)) report("IST0106", gateway, `Schema validation error: port names in servers must be unique: duplicate name ${port.name}`);
            names.add(port.name);
            if (workload && !workload.portSet.has(port.number)) {
                report("IST0162", gateway, `The gateway is listening on a target port (port ${port.number}) that is not defined in the Service associated with its workload instances (Pod selector ${selectorText}).`);
            }
            const key = `${selectorText}~${port.number}`;
            const hosts = (server.hosts as string[]).map(serverHost);
            const bound = bySelectorPort.get(key) ?? { servers: [], hosts: new HostIndex<number>(), byProtocol: new Map<string, number[]>() };
            // Only servers that share a host or differ in protocol can conflict; visited in the order they came.
            const candidates = new Set<number>();
            for (const h of hosts) for (const i of bound.hosts.overlapping(h)) candidates.add(i);
            for (const [protocol, list] of bound.byProtocol) if (protocol !== port.protocol) list.forEach((i) => candidates.add(i));
            for (const other of [...candidates].sort((a, b) => a - b).map((i) => bound.servers[i])) {
                if (other.gateway === gateway) continue;
                const overlap = hosts.filter((h) => other.hosts.some((o) => hostMatches(o, h) || hostMatches(h, o)));
                if (overlap.length) report("IST0145", gateway, `Conflict with gateways ${manifestId(other.gateway)} (workload selector ${selectorText}, port ${port.number}, hosts ${overlap.join(",")}).`);
                else if (other.protocol !== port.protocol) report("IST0145", gateway, `Conflict with gateways ${manifestId(other.gateway)} (workload selector ${selectorText}, port ${port.number}): protocol ${port.protocol} differs from ${other.protocol}.`);
            }
            const index = bound.servers.push({ gateway, hosts, protocol: port.protocol }) - 1;
            for (const h of hosts) bound.hosts.add(h, index);
            const sameProtocol = bound.byProtocol.get(port.protocol);
            if (sameProtocol) sameProtocol.push(index);
            else bound.byProtocol.set(port.protocol, [index]);
            bySelectorPort.set(key, bound);
        }
    }

    // IST0134, IST0106 (ServiceEntry)
    for (const se of serviceEntries) {
        const ports = se.spec.ports as { number: number; name: string; protocol?: string }[];
        const addresses = (se.spec.addresses ?? []) as string[];
        if (addresses.length === 0 && ports.some((p) => !p.protocol || p.protocol === "TCP")) {
            report("IST0134", se, "ServiceEntry addresses are required for this protocol.");
        }
        if (se.spec.resolution === "DNS" && addresses.some((a) => (parseCidr(a)?.bits ?? 0) < (parseCidr(a)?.maxBits ?? 0))) {
            report("IST0106", se, "Schema validation error: CIDR addresses are allowed only for NONE/STATIC resolution types");
        }
        const numbers = ports.map((p) => p.number);
        const names = ports.map((p) => p.name);
        if (new Set(numbers).size !== numbers.length) report("IST0106", se, "Schema validation error: duplicate port number in ServiceEntry");
        if (new Set(names).size !== names.length) report("IST0106", se, "Schema validation error: duplicate port name in ServiceEntry");
        // Selected workloads are endpoints too (the gateway's SNI host).
        if (se.spec.resolution === "STATIC" && !(se.spec.endpoints ?? []).length && !se.spec.workloadSelector) report("IST0106", se, "Schema validation error: endpoints must be provided for STATIC resolution");
    }

    // IST0128/IST0129, IST0173, IST0106 (DestinationRule)
    for (const dr of destinationRules) {
        const selected = !!dr.spec.workloadSelector;
        const verifies = (tls: Spec | undefined) => !tls || !["SIMPLE", "MUTUAL"].includes(tls.mode) || !!tls.caCertificates || (!!tls.credentialName && selected);
        if (!verifies(dr.spec.trafficPolicy?.tls)) {
            report("IST0128", dr, `DestinationRule ${dr.metadata.name} in namespace ${dr.metadata.namespace} has TLS mode set to ${dr.spec.trafficPolicy.tls.mode} but no caCertificates are set to validate server identity for host: ${dr.spec.host}`);
        }
        for (const p of (dr.spec.trafficPolicy?.portLevelSettings ?? []) as Spec[]) {
            if (!verifies(p.tls)) report("IST0129", dr, `DestinationRule ${dr.metadata.name} in namespace ${dr.metadata.namespace} has TLS mode set to ${p.tls.mode} but no caCertificates are set to validate server identity for host: ${dr.spec.host} at port ${p.port?.number}`);
        }
        if (selected && JSON.stringify(dr.spec.exportTo ?? ["."]) !== JSON.stringify(["."])) {
            report("IST0106", dr, "Schema validation error: destination rule with workload selector cannot have multiple entries in exportTo");
        }
        const workload = gatewayWorkloads.find((w) => w.host === dr.spec.host);
        for (const subset of (dr.spec.subsets ?? []) as Spec[]) {
            if (workload && subset.labels && !selectorMatches(subset.labels, workload.labels)) {
                report("IST0173", dr, `The Subset ${subset.name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`);
            }
        }
    }
    return findings;
}
