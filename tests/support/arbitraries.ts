// fast-check arbitraries of MeshEgress arguments across the whole contract: every kind of
// traffic, wildcards, pinned and shared ports, exportTo, allowFrom, scoped REGISTRY_ONLY, every
// origination option and both routing paths, valid by construction; and one-change breakages of
// them with the input path the error must name.
import fc from "fast-check";
import type { AllowFromArgs, ExternalServiceArgs, MeshEgressArgs, ServicePortArgs, TlsOriginationArgs } from "../../components";

const NAMESPACES = ["default", "web", "ci", "shop"];

const namespaces = fc.subarray(NAMESPACES, { minLength: 1 });
const allowFrom = fc.uniqueArray(fc.record({ namespace: fc.constantFrom(...NAMESPACES), serviceAccount: fc.option(fc.constantFrom("sleep", "api"), { nil: undefined }) }), {
    minLength: 1,
    maxLength: 3,
    selector: (a) => `${a.namespace}/${a.serviceAccount ?? ""}`,
}).map((list) => list.map((a): AllowFromArgs => (a.serviceAccount ? { namespace: a.namespace, serviceAccount: a.serviceAccount } : { namespace: a.namespace })));

function origination(i: number, host: string, policy: boolean): fc.Arbitrary<TlsOriginationArgs> {
    // ASM's httpsUpgrade takes only the port.
    if (policy) return fc.constantFrom<TlsOriginationArgs>({}, { port: 8443 });
    const options: TlsOriginationArgs[] = [
        {},
        { port: 8443 },
        { sni: `edge${i}.example.com` },
        { subjectAltNames: [host, `alt${i}.example.com`] },
        { caCertificates: "/etc/certs/ca.pem" },
        { credentialName: `client-${i}` },
        { credentialName: `client-${i}`, sni: `edge${i}.example.com`, subjectAltNames: [`edge${i}.example.com`] },
    ];
    return fc.constantFrom(...options);
}

type Kind = "http" | "https" | "tls" | "origination" | "tcp" | "wildcard-tls" | "wildcard-http";

function servicePorts(kind: Kind, i: number, host: string, pinned: boolean, policy: boolean): fc.Arbitrary<ServicePortArgs[]> {
    const pin = (p: ServicePortArgs): ServicePortArgs => (pinned ? { ...p, gatewayPort: 20100 + i } : p);
    switch (kind) {
        case "http":
            return fc.subarray([80, 8080], { minLength: 1 }).map((ports) => ports.map((number, k) => (k === 0 ? pin({ number, protocol: "HTTP" }) : { number, protocol: "HTTP" })));
        case "https":
            return fc.constant([pin({ number: 443, protocol: "HTTPS" })]);
        case "tls":
            return fc.constantFrom(465, 8443).map((number) => [pin({ number, protocol: "TLS" })]);
        case "origination":
            return origination(i, host, policy).map((tlsOrigination) => [pin({ number: 80, protocol: "HTTP", tlsOrigination })]);
        case "tcp":
            return fc.constant([pin({ number: 5400 + i, protocol: "TCP" })]);
        case "wildcard-tls":
            return fc.constant([pin({ number: 443, protocol: "TLS" })]);
        case "wildcard-http":
            return fc.constant([pin({ number: 80, protocol: "HTTP" })]);
    }
}

/** One service; `policy`: only what ASMEgressTrafficPolicy expresses (no TCP, upstream hosts or scoped exports). */
function service(i: number, withSources: boolean, policy: boolean): fc.Arbitrary<ExternalServiceArgs> {
    const kinds: Kind[] = policy ? ["http", "https", "tls", "origination"] : ["http", "https", "tls", "origination", "tcp", "wildcard-tls", "wildcard-http"];
    return fc.constantFrom(...kinds).chain((kind) => {
        const wildcard = kind.startsWith("wildcard");
        // A TCP service is routed by address: one host names it.
        const hosts: fc.Arbitrary<string[]> = wildcard
            ? fc.constant([`*.w${i}.example.com`])
            : fc.integer({ min: 1, max: kind === "tcp" ? 1 : 2 }).map((n) => Array.from({ length: n }, (_, j) => `h${i}-${j}.example.com`));
        return fc
            .record({
                hosts,
                pinned: fc.boolean(),
                exportTo: policy ? fc.constant(undefined) : fc.option(namespaces, { nil: undefined }),
                allowFrom: withSources ? fc.option(allowFrom, { nil: undefined }) : fc.constant(undefined),
            })
            .chain((r) =>
                servicePorts(kind, i, r.hosts[0], r.pinned, policy).map((ports): ExternalServiceArgs => {
                    const s: ExternalServiceArgs = { name: `svc-${i}`, hosts: r.hosts, ports };
                    if (kind === "tcp") s.addresses = [`10.${i + 1}.0.5`];
                    if (wildcard) s.upstreamHost = `edge.w${i}.example.com`;
                    if (r.exportTo) s.exportTo = r.exportTo;
                    if (r.allowFrom) s.allowFrom = r.allowFrom;
                    return s;
                }),
            );
    });
}

/** Valid arguments over the whole contract, adopted by kubeconfig or a new commercial mesh with `routing: auto`. */
const anyArgs: fc.Arbitrary<MeshEgressArgs> = fc
    .record({ count: fc.integer({ min: 1, max: 5 }), mutualTls: fc.boolean(), newMesh: fc.boolean(), closed: fc.boolean(), scoped: fc.option(namespaces, { nil: undefined }), defaults: fc.option(allowFrom, { nil: undefined }) })
    .chain((top) =>
        fc.tuple(...Array.from({ length: top.count }, (_, i) => service(i, top.mutualTls, false))).map((services): MeshEgressArgs => {
            const args: MeshEgressArgs = { clusterIds: ["c-ack-1"], services, outboundTrafficPolicy: top.closed ? "REGISTRY_ONLY" : "ALLOW_ANY" };
            if (top.newMesh) {
                args.newMesh = { ...COMMERCIAL_MESH };
                args.routing = "auto";
            } else {
                args.kubeconfig = "kc";
            }
            if (!top.mutualTls) args.gateway = { mutualTls: false };
            if (top.closed && top.scoped) args.registryOnlyNamespaces = top.scoped;
            if (top.mutualTls && top.defaults) args.defaultAllowFrom = top.defaults;
            return args;
        }),
    );

const COMMERCIAL_MESH = { vpcId: "vpc-1", vswitchId: "vsw-1", clusterSpec: "enterprise", version: "v1.22.6.71-g7d67a80b-aliyun" };

/** Valid arguments ASM's ASMEgressTrafficPolicy can carry, on a mesh known to have it. */
const policyArgs: fc.Arbitrary<MeshEgressArgs> = fc
    .record({ count: fc.integer({ min: 1, max: 5 }), routing: fc.constantFrom("auto" as const, "asmEgressTrafficPolicy" as const), defaults: fc.option(allowFrom, { nil: undefined }) })
    .chain((top) =>
        fc.tuple(...Array.from({ length: top.count }, (_, i) => service(i, true, true))).map((services): MeshEgressArgs => {
            const args: MeshEgressArgs = { newMesh: { ...COMMERCIAL_MESH }, clusterIds: ["c-ack-1"], services, routing: top.routing };
            if (top.defaults) args.defaultAllowFrom = top.defaults;
            return args;
        }),
    );

/** Valid arguments: three in four over the whole contract, one in four on the policy path. */
export const validArgs: fc.Arbitrary<MeshEgressArgs> = fc.oneof({ arbitrary: anyArgs, weight: 3 }, { arbitrary: policyArgs, weight: 1 });

/** One change that breaks valid arguments, and the input path the error must name. */
export interface Breakage {
    args: unknown;
    path: string;
}

type Breaker = (args: MeshEgressArgs, k: number) => Breakage | undefined;

const clone = (args: MeshEgressArgs): MeshEgressArgs => structuredClone(args);

const BREAKERS: Breaker[] = [
    (a, k) => {
        const b = clone(a);
        b.services[k].ports[0].number = 0;
        return { args: b, path: `services[${k}].ports[0].number` };
    },
    (a, k) => {
        const b = clone(a);
        b.services[k].hosts[0] = `https://${b.services[k].hosts[0].replace("*.", "")}`;
        return { args: b, path: `services[${k}].hosts[0]` };
    },
    (a, k) => {
        if (k === 0) return undefined;
        const b = clone(a);
        b.services[k].name = b.services[0].name;
        return { args: b, path: `services[${k}].name` };
    },
    (a, k) => {
        const b = clone(a);
        b.services[k].exportTo = ["Bad_Namespace"];
        return { args: b, path: `services[${k}].exportTo[0]` };
    },
    (a, k) => {
        const port = a.services[k].ports[0];
        if (!port.tlsOrigination) return undefined;
        const b = clone(a);
        b.services[k].ports[0].tlsOrigination = { ...port.tlsOrigination, credentialName: "client", caCertificates: "/etc/certs/ca.pem" };
        return { args: b, path: `services[${k}].ports[0].tlsOrigination.caCertificates` };
    },
    (a, k) => {
        const port = a.services[k].ports[0];
        if (!port.tlsOrigination) return undefined;
        const b = clone(a);
        b.services[k].ports[0].tlsOrigination = { ...port.tlsOrigination, subjectAltNames: ["*.example.com"] };
        return { args: b, path: `services[${k}].ports[0].tlsOrigination.subjectAltNames[0]` };
    },
    (a) => ({ args: { ...clone(a), clusterIds: [] }, path: "clusterIds" }),
    (a, k) => {
        if (a.services[k].ports[0].protocol !== "TCP") return undefined;
        const b = clone(a);
        delete b.services[k].addresses;
        return { args: b, path: `services[${k}].addresses` };
    },
];

/** A valid input broken in one way; cases a breaker does not apply to are filtered out. */
export const brokenArgs: fc.Arbitrary<Breakage> = fc
    .tuple(validArgs, fc.nat(), fc.nat({ max: BREAKERS.length - 1 }))
    .map(([args, k, b]) => BREAKERS[b](args, k % args.services.length))
    .filter((b): b is Breakage => b !== undefined);
