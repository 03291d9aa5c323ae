// The rules of one external service: its name, hosts, ports and their TLS origination, addresses,
// endpoints, upstream, callers and visibility, and what it must not share with the services before it.
import { DNS_SUBDOMAIN, hostProblem } from "./hostSyntax";
import { Obj, checkArray, checkCidr, checkDnsLabel, checkEnum, checkFields, checkPort, checkString, isObject, show } from "./inputChecks";
import { hostSlug } from "./naming";
import { ProblemList } from "./problems";

const PROTOCOLS = ["HTTP", "HTTPS", "TLS", "TCP"];

/** Ports Istio's proxies keep for themselves; a gateway listener there would not work. */
export const ISTIO_RESERVED_PORTS = { from: 15000, to: 15099 };

export interface ServiceFacts {
    hosts: Map<string, string>; // host -> path where first declared
    // Host slugs name subsets and Gateway servers that every service shares: unique across services.
    slugs: Map<string, string>; // slug -> path of the host that gave it
    gatewayPorts: Map<number, string>;
    upstreams: [string, string][]; // [path, upstreamHost], checked once every host is known
}

export function checkAllowFrom(p: ProblemList, path: string, value: unknown): void {
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

export function checkService(p: ProblemList, i: number, value: unknown, names: Map<string, string>, facts: ServiceFacts, mutualTls: boolean): void {
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
            if (facts.slugs.has(slug)) p.add(hp, `"${host}" and ${facts.slugs.get(slug)} give the same object name "${slug}"; keep one of them`);
            facts.slugs.set(slug, hp);
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
