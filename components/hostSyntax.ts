// Host and address syntax: what a hostname, a wildcard or an IP address or CIDR must look like.
// Validation and the builders that read hosts and addresses share it.
import { isIPv6 } from "net";

export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

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
