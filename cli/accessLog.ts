// One Envoy access-log line, as `kubectl logs -c istio-proxy` prints it (optionally with
// `--prefix` and `--timestamps`) or as ASM's log service exports it (the fields at top level, or
// the raw line in `content`, with the pod's tags). Strict about what it takes, lenient about the
// rest: anything that is not a JSON access-log object is a reason to skip, never an exception.

/** The fields the audit reads; an access-log format must carry them all (simulate checks it does). */
export const AUDIT_LOG_FIELDS = ["upstream_cluster", "authority", "requested_server_name", "upstream_host", "downstream_local_address", "response_flags", "start_time"];

export interface AccessLogEntry {
    upstreamCluster: string;
    /** The Host header (HTTP), with or without a port. */
    authority?: string;
    /** The SNI the application sent (TLS). */
    sni?: string;
    upstreamHost?: string;
    /** For an outbound call: the address the application connected to. */
    downstreamLocalAddress?: string;
    responseFlags?: string;
    protocol?: string;
    /** Milliseconds since the epoch. */
    time?: number;
    namespace?: string;
    pod?: string;
}

export type ParsedLine = { entry: AccessLogEntry } | { skip: string };

const NAMESPACE_FIELDS = ["pod_namespace", "namespace", "_namespace_", "__tag__:_namespace_"];
const POD_FIELDS = ["pod_name", "pod", "_pod_name_", "__tag__:_pod_name_"];
// `kubectl logs --prefix`: `[pod/<name>/<container>] `.
const KUBECTL_PREFIX = /^\[pod\/([^/\]]+)\/[^\]]*\]\s*/;
// `kubectl logs --timestamps`: an RFC 3339 time, then a space.
const KUBECTL_TIMESTAMP = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d))\s+/;

type Obj = Record<string, unknown>;

/** A field's text; Envoy writes `-` or null for what it does not know. */
function text(o: Obj, key: string): string | undefined {
    const v = o[key];
    if (typeof v === "number") return String(v);
    if (typeof v !== "string") return undefined;
    const t = v.trim();
    return t === "" || t === "-" ? undefined : t;
}

function firstText(o: Obj, keys: string[]): string | undefined {
    for (const k of keys) {
        const v = text(o, k);
        if (v !== undefined) return v;
    }
    return undefined;
}

function timeOf(value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    // The log service's `__time__` is in seconds since the epoch.
    const ms = /^\d{9,11}$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
}

function parseObject(raw: string): Obj | undefined {
    try {
        const v: unknown = JSON.parse(raw);
        return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
    } catch {
        return undefined;
    }
}

/** Parses one line; the reason when it is not an access-log line. */
export function parseAccessLogLine(line: string): ParsedLine {
    let rest = line.trim();
    let pod: string | undefined;
    let stamp: string | undefined;
    const prefix = KUBECTL_PREFIX.exec(rest);
    if (prefix) {
        pod = prefix[1];
        rest = rest.slice(prefix[0].length);
    }
    const ts = KUBECTL_TIMESTAMP.exec(rest);
    if (ts) {
        stamp = ts[1];
        rest = rest.slice(ts[0].length);
    }
    if (!rest.startsWith("{")) return { skip: "not JSON" };
    let o = parseObject(rest);
    if (!o) return { skip: "not a complete JSON object" };
    // The log service keeps an unparsed line in `content` beside its tags.
    if (text(o, "upstream_cluster") === undefined && typeof o.content === "string") {
        const inner = parseObject(o.content.trim());
        if (inner) o = { ...o, ...inner };
    }
    const upstreamCluster = text(o, "upstream_cluster");
    if (upstreamCluster === undefined) return { skip: "no upstream_cluster: not an Envoy access log" };
    return {
        entry: {
            upstreamCluster,
            authority: text(o, "authority"),
            sni: text(o, "requested_server_name"),
            upstreamHost: text(o, "upstream_host"),
            downstreamLocalAddress: text(o, "downstream_local_address"),
            responseFlags: text(o, "response_flags"),
            protocol: text(o, "protocol"),
            time: timeOf(text(o, "start_time") ?? text(o, "__time__") ?? stamp),
            namespace: firstText(o, NAMESPACE_FIELDS),
            pod: firstText(o, POD_FIELDS) ?? pod,
        },
    };
}

/** `host:port`, `[v6]:port`, a bare IPv6 address or a bare host: the host and the port if any. */
export function splitHostPort(address: string): { host: string; port?: number } {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
    if (bracketed) return { host: bracketed[1], port: portOf(bracketed[2]) };
    const colons = address.split(":").length - 1;
    if (colons === 1) {
        const [host, port] = address.split(":");
        return { host, port: portOf(port) };
    }
    return { host: address };
}

function portOf(text: string | undefined): number | undefined {
    if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
    const n = Number(text);
    return n >= 1 && n <= 65535 ? n : undefined;
}

/** Where a call went, as REGISTRY_ONLY would judge it. */
export interface Destination {
    /** The authority or SNI without port, lower-cased; the IP where there is neither. */
    host: string;
    port: number;
    protocol: "HTTP" | "TLS" | "TCP";
    /** The address the application connected to, when logged. */
    ip?: string;
}

/** A name as registries hold it: lower-case, without the root's trailing dot. */
function hostName(name: string): string {
    return name.toLowerCase().replace(/\.$/, "");
}

/** The destination of a logged call; undefined when no port can be told. */
export function destinationOf(e: AccessLogEntry): Destination | undefined {
    const local = e.downstreamLocalAddress ? splitHostPort(e.downstreamLocalAddress) : undefined;
    const upstream = e.upstreamHost ? splitHostPort(e.upstreamHost) : undefined;
    const authority = e.authority ? splitHostPort(e.authority) : undefined;
    const port = authority?.port ?? local?.port ?? upstream?.port;
    if (port === undefined) return undefined;
    const ip = local?.host ?? upstream?.host;
    if (authority) return { host: hostName(authority.host), port, protocol: "HTTP", ip };
    if (e.sni) return { host: hostName(e.sni), port, protocol: "TLS", ip };
    // Without an authority the port came from an address, so there is an IP.
    return { host: ip!.toLowerCase(), port, protocol: e.protocol?.startsWith("HTTP") ? "HTTP" : "TCP", ip };
}
