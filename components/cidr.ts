// Whether an address lies in an IP or CIDR, for IPv4 and IPv6 alike.
import { isIPv4, isIPv6 } from "net";
import { parseCidr } from "./validate";

function ipBits(ip: string): bigint | undefined {
    if (isIPv4(ip)) return ip.split(".").reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
    if (!isIPv6(ip)) return undefined;
    // An embedded IPv4 tail (`::ffff:10.0.0.1`) becomes two groups.
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
    let text = ip;
    if (v4) {
        const n = Number(ipBits(v4[1]));
        text = ip.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
    }
    const [head, tail] = text.split("::");
    const headGroups = head ? head.split(":") : [];
    const tailGroups = tail !== undefined && tail !== "" ? tail.split(":") : [];
    const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
    return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Whether `ip` is inside `cidr` (an IP or a CIDR); false for anything unparseable or of the other family. */
export function cidrContains(cidr: string, ip: string): boolean {
    const range = parseCidr(cidr);
    const address = ipBits(ip);
    const base = range && ipBits(range.ip);
    if (!range || address === undefined || base === undefined) return false;
    if ((range.maxBits === 32) !== isIPv4(ip)) return false;
    const shift = BigInt(range.maxBits - range.bits);
    return address >> shift === base >> shift;
}
