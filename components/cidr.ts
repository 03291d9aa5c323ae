// Whether an address lies in an IP or CIDR, for IPv4 and IPv6 alike (Node's own BlockList).
import { BlockList, isIPv4, isIPv6 } from "net";
import { parseCidr } from "./hostSyntax";

/** Whether `ip` is inside `cidr` (an IP or a CIDR); false for anything unparseable or of the other family. */
export function cidrContains(cidr: string, ip: string): boolean {
    const range = parseCidr(cidr);
    const family = isIPv4(ip) ? "ipv4" : isIPv6(ip) ? "ipv6" : undefined;
    if (!range || !family || (range.maxBits === 32) !== (family === "ipv4")) return false;
    const list = new BlockList();
    list.addSubnet(range.ip, range.bits, family);
    return list.check(ip, family);
}
