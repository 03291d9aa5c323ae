// `mesh-egress audit`: which calls seen in the sidecars' access logs REGISTRY_ONLY would block
// under a config, and the `services` entries that would allow them. Streams the logs and keeps
// one counter per destination and source, so memory follows what was seen, not how much.
import type { Readable } from "stream";
import type { ExternalServiceArgs, MeshEgressArgs, Problem, ServicePortArgs } from "../components";
import { validateArgs } from "../components/validate";
import { hostMatches } from "../components/analyze";
import { cidrContains } from "../components/cidr";
import { hostSlug } from "../components/naming";
import { PASSTHROUGH_CLUSTER } from "../components/observe";
import type { EgressSpec, ServiceSpec } from "../components/spec";
import { Destination, destinationOf, parseAccessLogLine } from "./accessLog";
import { LogLine, readLogLines } from "./logLines";

export interface AuditSource {
    namespace: string | null;
    pod: string | null;
    calls: number;
}

export interface WouldBlock {
    host: string;
    port: number;
    protocol: Destination["protocol"];
    calls: number;
    firstSeen: string | null;
    lastSeen: string | null;
    sources: AuditSource[];
    /** The `services` entry that allows the host (an existing one, changed, or a new one). */
    suggestion: ExternalServiceArgs;
    /** An existing service already declares the host, on other ports. */
    coveredOnOtherPorts: boolean;
    /** The existing service that declares the host (on other ports, or hidden from the caller by exportTo). */
    declaredBy: string | null;
}

export interface RegisteredDestination {
    host: string;
    port: number;
    calls: number;
    /** The service of the config that registers it. */
    service: string;
}

export interface SkippedLine {
    source: string;
    line: number;
    reason: string;
}

export interface AuditReport {
    wouldBlock: WouldBlock[];
    registered: RegisteredDestination[];
    linesRead: number;
    linesSkipped: number;
    /** Passthrough calls from namespaces the config leaves open (registryOnlyNamespaces): not blocked. */
    unlockedCalls: number;
    /** Every suggestion once: new services, and existing ones with what they lack. */
    suggestedServices: ExternalServiceArgs[];
    /** The first line skipped and why, to tell a wrong format from a stray line. */
    firstSkipped: SkippedLine | null;
    /**
     * What validation would still refuse once the suggestions are pasted (a host the service
     * already originates TLS for, a name DNS cannot carry): a choice left to the user.
     */
    suggestionProblems: Problem[];
}

interface Seen {
    dest: Destination;
    calls: number;
    first?: number;
    last?: number;
    sources: Map<string, AuditSource>;
}

function sourceKey(namespace: string | undefined, pod: string | undefined): string {
    return `${namespace ?? ""}/${pod ?? ""}`;
}

// Most calls first; then by namespace and pod, the unknown last.
function bySource(a: AuditSource, b: AuditSource): number {
    const key = (s: AuditSource) => `${s.namespace ?? "\uffff"}/${s.pod ?? "\uffff"}`;
    return b.calls - a.calls || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function iso(ms: number | undefined): string | null {
    return ms === undefined ? null : new Date(ms).toISOString();
}

/** The service that registers a host (by name, or by address for TCP), on any port. */
function ownerOf(spec: EgressSpec, dest: Destination): ServiceSpec | undefined {
    return (
        spec.services.find((s) => s.hosts.some((h) => hostMatches(h, dest.host))) ??
        (dest.ip ? spec.services.find((s) => s.addresses.some((a) => cidrContains(a, dest.ip!))) : undefined)
    );
}

function visibleIn(service: ServiceSpec, namespace: string | undefined): boolean {
    return service.exportTo.includes("*") || (namespace !== undefined && service.exportTo.includes(namespace));
}

function isIp(host: string): boolean {
    return /^[\d.]+$/.test(host) || host.includes(":");
}

/** Reads access-log lines one at a time and tells what REGISTRY_ONLY would do to each call. */
export class Audit {
    private linesRead = 0;
    private linesSkipped = 0;
    private unlockedCalls = 0;
    private firstSkipped: SkippedLine | null = null;
    private readonly blocked = new Map<string, Seen>();
    private readonly registered = new Map<string, RegisteredDestination>();

    constructor(
        private readonly args: MeshEgressArgs,
        private readonly spec: EgressSpec,
    ) {}

    /** Whether REGISTRY_ONLY, as the config would set it, applies to calls from a namespace (unknown: assume so). */
    private locks(namespace: string | undefined): boolean {
        const locked = this.spec.outboundTrafficPolicy === "REGISTRY_ONLY" ? this.spec.registryOnlyNamespaces : undefined;
        return !locked || namespace === undefined || locked.includes(namespace);
    }

    private skip(line: LogLine, reason: string): void {
        this.linesSkipped++;
        this.firstSkipped ??= { source: line.source, line: line.line, reason };
    }

    read(line: LogLine): void {
        if (line.text !== undefined && line.text.trim() === "") return;
        this.linesRead++;
        if (line.text === undefined) return this.skip(line, "longer than any access-log line");
        const parsed = parseAccessLogLine(line.text);
        if ("skip" in parsed) return this.skip(line, parsed.skip);
        const e = parsed.entry;
        const dest = destinationOf(e);
        if (!dest) return this.skip(line, "no destination port in authority, downstream_local_address or upstream_host");
        const owner = ownerOf(this.spec, dest);
        const registered = owner && owner.ports.some((p) => p.number === dest.port) && visibleIn(owner, e.namespace);
        if (registered) {
            const key = `${dest.host}|${dest.port}`;
            const r = this.registered.get(key) ?? { host: dest.host, port: dest.port, calls: 0, service: owner.name };
            r.calls++;
            this.registered.set(key, r);
            return;
        }
        // Calls to clusters of the mesh's own services are not egress; only passthrough leaves around the registry.
        if (e.upstreamCluster !== PASSTHROUGH_CLUSTER) return;
        if (!this.locks(e.namespace)) {
            this.unlockedCalls++;
            return;
        }
        const key = `${dest.host}|${dest.port}`;
        const seen: Seen = this.blocked.get(key) ?? { dest, calls: 0, sources: new Map() };
        seen.calls++;
        if (e.time !== undefined) {
            seen.first = Math.min(seen.first ?? e.time, e.time);
            seen.last = Math.max(seen.last ?? e.time, e.time);
        }
        const sk = sourceKey(e.namespace, e.pod);
        const source = seen.sources.get(sk) ?? { namespace: e.namespace ?? null, pod: e.pod ?? null, calls: 0 };
        source.calls++;
        seen.sources.set(sk, source);
        this.blocked.set(key, seen);
    }

    report(): AuditReport {
        const suggestions = new Suggestions(this.args, this.spec);
        const groups = [...this.blocked.values()].sort((a, b) => a.dest.host.localeCompare(b.dest.host) || a.dest.port - b.dest.port);
        const pending = groups.map((g) => ({ g, ...suggestions.allow(g) }));
        const wouldBlock = pending.map(({ g, key, coveredOnOtherPorts, declaredBy }): WouldBlock => ({
            host: g.dest.host,
            port: g.dest.port,
            protocol: g.dest.protocol,
            calls: g.calls,
            firstSeen: iso(g.first),
            lastSeen: iso(g.last),
            sources: [...g.sources.values()].sort(bySource),
            suggestion: suggestions.entry(key),
            coveredOnOtherPorts,
            declaredBy,
        }));
        const suggestedServices = suggestions.all();
        return {
            wouldBlock,
            registered: [...this.registered.values()].sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port),
            linesRead: this.linesRead,
            linesSkipped: this.linesSkipped,
            unlockedCalls: this.unlockedCalls,
            suggestedServices,
            firstSkipped: this.firstSkipped,
            suggestionProblems: suggestedServices.length ? validateArgs(pasted(this.args, suggestedServices)) : [],
        };
    }
}

/** The entries that would allow what is blocked: one per host, merged across its ports. */
class Suggestions {
    private readonly entries = new Map<string, ExternalServiceArgs>();
    private readonly names: Set<string>;

    constructor(
        private readonly args: MeshEgressArgs,
        private readonly spec: EgressSpec,
    ) {
        this.names = new Set(args.services.map((s) => s.name));
    }

    private uniqueName(base: string): string {
        let name = base;
        for (let i = 2; this.names.has(name); i++) name = `${base.slice(0, 40 - `-${i}`.length).replace(/-+$/, "")}-${i}`;
        this.names.add(name);
        return name;
    }

    /** Records what `g` needs; the key of its entry, and whether its host is declared on other ports. */
    allow(g: Seen): { key: string; coveredOnOtherPorts: boolean; declaredBy: string | null } {
        const owner = ownerOf(this.spec, g.dest);
        if (owner) {
            const key = `service:${owner.name}`;
            const entry = this.entries.get(key) ?? structuredClone(this.args.services.find((s) => s.name === owner.name)!);
            const covered = owner.ports.some((p) => p.number === g.dest.port);
            if (!entry.ports.some((p) => p.number === g.dest.port)) entry.ports.push({ number: g.dest.port, protocol: owner.ports[0].kind === "tcp" ? "TCP" : g.dest.protocol });
            // Registered but hidden from the caller's namespace: export it there too.
            if (entry.exportTo && !entry.exportTo.includes("*")) {
                for (const s of g.sources.values()) if (s.namespace && !entry.exportTo.includes(s.namespace)) entry.exportTo.push(s.namespace);
            }
            this.entries.set(key, entry);
            return { key, coveredOnOtherPorts: !covered, declaredBy: owner.name };
        }
        const ip = isIp(g.dest.host);
        const key = `host:${g.dest.host}`;
        const entry = this.entries.get(key) ?? newEntry(g.dest, ip ? this.uniqueName(`tcp-${hostSlug(g.dest.host, 36)}`) : this.uniqueName(hostSlug(g.dest.host)));
        if (!entry.ports.some((p) => p.number === g.dest.port)) entry.ports.push(portFor(g.dest, ip));
        entry.ports.sort((a, b) => a.number - b.number);
        this.entries.set(key, entry);
        return { key, coveredOnOtherPorts: false, declaredBy: null };
    }

    entry(key: string): ExternalServiceArgs {
        return this.entries.get(key)!;
    }

    /** Changed services in the config's order, then new ones by host. */
    all(): ExternalServiceArgs[] {
        const changed = this.args.services.map((s) => this.entries.get(`service:${s.name}`)).filter((e): e is ExternalServiceArgs => !!e);
        const added = [...this.entries.entries()].filter(([k]) => k.startsWith("host:")).sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => e);
        return [...changed, ...added];
    }
}

/** The config with the suggestions pasted: an entry named like a service replaces it, the others are appended. */
export function pasted(args: MeshEgressArgs, suggestions: ExternalServiceArgs[]): MeshEgressArgs {
    const services = [...args.services];
    for (const s of suggestions) {
        const i = services.findIndex((x) => x.name === s.name);
        if (i >= 0) services[i] = s;
        else services.push(s);
    }
    return { ...args, services };
}

/** A destination by address is registered as TCP to that address, whatever it spoke. */
function portFor(dest: Destination, ip: boolean): ServicePortArgs {
    return { number: dest.port, protocol: ip ? "TCP" : dest.protocol };
}

function newEntry(dest: Destination, name: string): ExternalServiceArgs {
    if (!isIp(dest.host)) return { name, hosts: [dest.host], ports: [] };
    // A TCP service needs a name for its destination; a reserved domain that never resolves.
    return { name, hosts: [`${hostSlug(dest.host, 50)}.tcp.invalid`], addresses: [dest.host], ports: [] };
}

/** Audits every line a `--logs` argument names. */
export async function auditLogs(args: MeshEgressArgs, spec: EgressSpec, target: string, stdin?: Readable): Promise<AuditReport> {
    const audit = new Audit(args, spec);
    for await (const line of readLogLines(target, stdin)) audit.read(line);
    return audit.report();
}
