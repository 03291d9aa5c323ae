// The corpus of bad inputs: each case changes a valid input in one way and names every
// path the error must point at, with a fragment of the message that says what is valid.
import type { MeshEgressArgs } from "../../components";

export interface BadInput {
    title: string;
    args: unknown;
    /** Every problem expected: [path, message fragment]. Exactly these, no others. */
    expect: [string, string | RegExp][];
}

const HTTP = { number: 80, protocol: "HTTP" };
const svc = (over: Record<string, unknown> = {}) => ({ name: "aliyun", hosts: ["aliyun.com"], ports: [HTTP], ...over });
const base = (over: Record<string, unknown> = {}): MeshEgressArgs => ({ kubeconfig: "kc", clusterIds: ["c1"], services: [svc()], ...over }) as MeshEgressArgs;
const withService = (over: Record<string, unknown>) => base({ services: [svc(over)] });

export const BAD_INPUTS: BadInput[] = [
    // Which mesh
    { title: "no mesh mode", args: { clusterIds: ["c1"], services: [svc()] }, expect: [["newMesh|meshId|kubeconfig", "set exactly one of newMesh"]] },
    { title: "two mesh modes", args: base({ meshId: "m-1" }), expect: [["meshId, kubeconfig", "give exactly one way"]] },
    { title: "three mesh modes", args: base({ meshId: "m", newMesh: { vpcId: "v", vswitchId: "s" } }), expect: [["newMesh, meshId, kubeconfig", "exactly one"]] },
    { title: "empty meshId", args: { ...base(), kubeconfig: undefined, meshId: "" }, expect: [["meshId", "non-empty string"]] },
    { title: "newMesh without network", args: { ...base(), kubeconfig: undefined, newMesh: {} }, expect: [["newMesh.vpcId", "is required"], ["newMesh.vswitchId", "is required"]] },
    { title: "newMesh unknown edition", args: { ...base(), kubeconfig: undefined, newMesh: { vpcId: "v", vswitchId: "s", edition: "Premium" } }, expect: [["newMesh.edition", "Default, Pro"]] },
    { title: "newMesh unknown clusterSpec", args: { ...base(), kubeconfig: undefined, newMesh: { vpcId: "v", vswitchId: "s", clusterSpec: "gold" } }, expect: [["newMesh.clusterSpec", "standard, enterprise, ultimate"]] },
    { title: "newMesh zero timeout", args: { ...base(), kubeconfig: undefined, newMesh: { vpcId: "v", vswitchId: "s", timeoutMinutes: 0 } }, expect: [["newMesh.timeoutMinutes", "from 1 to 1440"]] },
    { title: "newMesh misspelled field", args: { ...base(), kubeconfig: undefined, newMesh: { vpcId: "v", vswitchId: "s", vswitch: "x" } }, expect: [["newMesh.vswitch", "unknown field"]] },
    // Clusters
    { title: "no clusterIds", args: { kubeconfig: "kc", services: [svc()] }, expect: [["clusterIds", "is required"]] },
    { title: "empty clusterIds", args: base({ clusterIds: [] }), expect: [["clusterIds", "list at least one"]] },
    { title: "blank cluster id", args: base({ clusterIds: ["c1", ""] }), expect: [["clusterIds[1]", "non-empty string"]] },
    // Services
    { title: "no services", args: { kubeconfig: "kc", clusterIds: ["c1"] }, expect: [["services", "is required"]] },
    { title: "empty services", args: base({ services: [] }), expect: [["services", "list at least one"]] },
    { title: "services not a list", args: base({ services: { name: "x" } }), expect: [["services", "use a list"]] },
    { title: "duplicate service names", args: base({ services: [svc(), svc({ hosts: ["www.aliyun.com"] })] }), expect: [["services[1].name", "already used by services[0]"]] },
    { title: "service name with uppercase", args: withService({ name: "Aliyun" }), expect: [["services[0].name", "lowercase letters"]] },
    { title: "service name too long", args: withService({ name: "a".repeat(41) }), expect: [["services[0].name", "at most 40"]] },
    { title: "unknown service field", args: withService({ host: "aliyun.com" }), expect: [["services[0].host", "unknown field"]] },
    // Hosts
    { title: "empty hosts", args: withService({ hosts: [] }), expect: [["services[0].hosts", "list at least one"]] },
    { title: "host with scheme", args: withService({ hosts: ["https://aliyun.com"] }), expect: [["services[0].hosts[0]", 'give the bare hostname, e.g. "aliyun.com"']] },
    { title: "host with path", args: withService({ hosts: ["aliyun.com/api"] }), expect: [["services[0].hosts[0]", "has a path"]] },
    { title: "host with port", args: withService({ hosts: ["aliyun.com:80"] }), expect: [["services[0].hosts[0]", "list the port under ports"]] },
    { title: "bare wildcard host", args: withService({ hosts: ["*"] }), expect: [["services[0].hosts[0]", "every host"]] },
    { title: "wildcard in the middle", args: withService({ hosts: ["api.*.com"], upstreamHost: "api.x.com" }), expect: [["services[0].hosts[0]", "whole first label"]] },
    { title: "uppercase host", args: withService({ hosts: ["Aliyun.com"] }), expect: [["services[0].hosts[0]", 'use "aliyun.com"']] },
    { title: "host with underscore", args: withService({ hosts: ["my_host.com"] }), expect: [["services[0].hosts[0]", "not a valid DNS name"]] },
    { title: "wildcard top-level domain", args: withService({ hosts: ["*.com"], upstreamHost: "www.x.com" }), expect: [["services[0].hosts[0]", "whole top-level domain"]] },
    { title: "wildcard without upstream", args: withService({ hosts: ["*.wikipedia.org"] }), expect: [["services[0].hosts[0]", "set services[0].upstreamHost"]] },
    { title: "wildcard upstream host", args: withService({ hosts: ["*.wikipedia.org"], upstreamHost: "*.wikipedia.org" }), expect: [["services[0].upstreamHost", "one concrete host"]] },
    { title: "same host in two services", args: base({ services: [svc(), svc({ name: "other", ports: [{ number: 8080, protocol: "HTTP" }] })] }), expect: [["services[1].hosts[0]", "already declared at services[0].hosts[0]"]] },
    { title: "duplicate host in a service", args: withService({ hosts: ["aliyun.com", "aliyun.com"] }), expect: [["services[0].hosts[1]", "already declared at services[0].hosts[0]"]] },
    // Ports
    { title: "empty ports", args: withService({ ports: [] }), expect: [["services[0].ports", "list at least one"]] },
    { title: "port zero", args: withService({ ports: [{ number: 0, protocol: "HTTP" }] }), expect: [["services[0].ports[0].number", "from 1 to 65535"]] },
    { title: "port above range", args: withService({ ports: [{ number: 70000, protocol: "HTTP" }] }), expect: [["services[0].ports[0].number", "from 1 to 65535"]] },
    { title: "fractional port", args: withService({ ports: [{ number: 80.5, protocol: "HTTP" }] }), expect: [["services[0].ports[0].number", "whole number"]] },
    { title: "port as string", args: withService({ ports: [{ number: "80", protocol: "HTTP" }] }), expect: [["services[0].ports[0].number", "whole number"]] },
    { title: "unknown protocol", args: withService({ ports: [{ number: 80, protocol: "GRPC" }] }), expect: [["services[0].ports[0].protocol", "HTTP, HTTPS, TLS, TCP"]] },
    { title: "lowercase protocol", args: withService({ ports: [{ number: 80, protocol: "http" }] }), expect: [["services[0].ports[0].protocol", "HTTP, HTTPS, TLS, TCP"]] },
    { title: "missing protocol", args: withService({ ports: [{ number: 80 }] }), expect: [["services[0].ports[0].protocol", "is required"]] },
    { title: "same port twice", args: withService({ ports: [HTTP, { number: 80, protocol: "TLS" }] }), expect: [["services[0].ports[1].number", "already declared at services[0].ports[0]"]] },
    { title: "HTTP on 443", args: withService({ ports: [{ number: 443, protocol: "HTTP" }] }), expect: [["services[0].ports[0].protocol", "breaks HTTPS clients"]] },
    { title: "gatewayPort reserved by Istio", args: withService({ ports: [{ number: 80, protocol: "HTTP", gatewayPort: 15001 }] }), expect: [["services[0].ports[0].gatewayPort", "reserved by Istio"]] },
    { title: "gatewayPort pinned twice", args: base({ services: [svc({ ports: [{ number: 80, protocol: "HTTP", gatewayPort: 8000 }] }), svc({ name: "b", hosts: ["b.com"], ports: [{ number: 80, protocol: "HTTP", gatewayPort: 8000 }] })] }), expect: [["services[1].ports[0].gatewayPort", "already pinned at services[0].ports[0].gatewayPort"]] },
    // TLS origination
    { title: "origination on a TLS port", args: withService({ ports: [{ number: 443, protocol: "HTTPS", tlsOrigination: {} }] }), expect: [["services[0].ports[0].tlsOrigination", "already speaks TLS"]] },
    { title: "origination on the same port", args: withService({ ports: [{ number: 8443, protocol: "HTTP", tlsOrigination: { port: 8443 } }] }), expect: [["services[0].ports[0].tlsOrigination.port", "different port"]] },
    { title: "origination port out of range", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { port: 100000 } }] }), expect: [["services[0].ports[0].tlsOrigination.port", "from 1 to 65535"]] },
    { title: "origination wildcard SNI", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { sni: "*.aliyun.com" } }] }), expect: [["services[0].ports[0].tlsOrigination.sni", "one concrete hostname"]] },
    { title: "origination bad credential name", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { credentialName: "Client_Cert" } }] }), expect: [["services[0].ports[0].tlsOrigination.credentialName", "not a valid name"]] },
    { title: "origination CA with a client credential", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { credentialName: "client", caCertificates: "/etc/certs/ca.pem" } }] }), expect: [["services[0].ports[0].tlsOrigination.caCertificates", "cannot be given with credentialName: Istio then takes the CA from the secret; put the CA bundle in the secret as ca.crt and remove caCertificates"]] },
    { title: "origination names empty", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { subjectAltNames: [] } }] }), expect: [["services[0].ports[0].tlsOrigination.subjectAltNames", "is empty; list at least one entry"]] },
    { title: "origination names a wildcard, a URL and a blank", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { subjectAltNames: ["*.aliyun.com", "https://aliyun.com", ""] } }] }), expect: [["services[0].ports[0].tlsOrigination.subjectAltNames[0]", "is a wildcard; list the concrete names"], ["services[0].ports[0].tlsOrigination.subjectAltNames[1]", "has a scheme"], ["services[0].ports[0].tlsOrigination.subjectAltNames[2]", "non-empty string"]] },
    { title: "origination names not a list", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { subjectAltNames: "aliyun.com" } }] }), expect: [["services[0].ports[0].tlsOrigination.subjectAltNames", "use a list"]] },
    { title: "origination port taken by another port", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: {} }, { number: 443, protocol: "HTTPS" }] }), expect: [["services[0].ports[0].tlsOrigination.port", "already declared at services[0].ports[1]"]] },
    // TCP
    { title: "TCP without addresses", args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }] }), expect: [["services[0].addresses", "captures the port for every destination"]] },
    { title: "TCP mixed with HTTP", args: withService({ ports: [HTTP, { number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] }), expect: [["services[0].ports", "split it into two services"]] },
    { title: "TCP with two hosts", args: withService({ hosts: ["db1.internal", "db2.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] }), expect: [["services[0].hosts", "exactly one host"]] },
    { title: "TCP range without endpoints", args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.0/24"] }), expect: [["services[0].endpoints", "concrete IPs"]] },
    { title: "bad CIDR", args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.0/33"] }), expect: [["services[0].addresses[0]", "not an IP address or CIDR"]] },
    { title: "bad IP octet", args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.256"] }), expect: [["services[0].addresses[0]", "not an IP address or CIDR"]] },
    { title: "endpoint is a range", args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.0/24"], endpoints: ["10.0.0.0/28"] }), expect: [["services[0].endpoints[0]", "is a range"]] },
    { title: "addresses on HTTP", args: withService({ addresses: ["10.0.0.5"] }), expect: [["services[0].addresses", "only applies to TCP"]] },
    { title: "endpoints on HTTP", args: withService({ endpoints: ["10.0.0.5"] }), expect: [["services[0].endpoints", "only applies to TCP"]] },
    { title: "upstreamHost on TCP", args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"], upstreamHost: "db.example.com" }), expect: [["services[0].upstreamHost", "does not apply to TCP"]] },
    { title: "upstreamHost is a host of another service", args: base({ services: [svc(), svc({ name: "mirror", hosts: ["mirror.aliyun.com"], upstreamHost: "aliyun.com" })] }), expect: [["services[1].upstreamHost", "already declared at services[0].hosts[0]"]] },
    // Access control and scope
    { title: "allowFrom bad namespace", args: withService({ allowFrom: [{ namespace: "Team_A" }] }), expect: [["services[0].allowFrom[0].namespace", "not a valid name"]] },
    { title: "allowFrom empty", args: withService({ allowFrom: [] }), expect: [["services[0].allowFrom", "list at least one"]] },
    { title: "allowFrom without mTLS", args: base({ gateway: { mutualTls: false }, services: [svc({ allowFrom: [{ namespace: "a" }] })] }), expect: [["services[0].allowFrom", "needs gateway.mutualTls"]] },
    { title: "defaultAllowFrom without mTLS", args: base({ gateway: { mutualTls: false }, defaultAllowFrom: [{ namespace: "a" }] }), expect: [["defaultAllowFrom", "needs gateway.mutualTls"]] },
    { title: "allowFrom bad service account", args: withService({ allowFrom: [{ namespace: "a", serviceAccount: "Bad SA" }] }), expect: [["services[0].allowFrom[0].serviceAccount", "not a valid service account"]] },
    { title: "exportTo hides everything", args: withService({ exportTo: ["~"] }), expect: [["services[0].exportTo[0]", "hides the service"]] },
    { title: "exportTo bad namespace", args: withService({ exportTo: ["Team A"] }), expect: [["services[0].exportTo[0]", "not a valid name"]] },
    { title: "unknown outbound policy", args: base({ outboundTrafficPolicy: "REGISTRY-ONLY" }), expect: [["outboundTrafficPolicy", "REGISTRY_ONLY, ALLOW_ANY"]] },
    { title: "scoped namespaces with ALLOW_ANY", args: base({ outboundTrafficPolicy: "ALLOW_ANY", registryOnlyNamespaces: ["a"] }), expect: [["registryOnlyNamespaces", "outboundTrafficPolicy is ALLOW_ANY"]] },
    { title: "scoped namespace listed twice", args: base({ registryOnlyNamespaces: ["a", "a"] }), expect: [["registryOnlyNamespaces[1]", "listed twice"]] },
    // Gateway
    { title: "gateway name too long", args: base({ gateway: { name: "g".repeat(60) } }), expect: [["gateway.name", "at most 57"]] },
    { title: "gateway zero replicas", args: base({ gateway: { replicas: 0 } }), expect: [["gateway.replicas", "from 1 to 1000"]] },
    { title: "autoscaling min above max", args: base({ gateway: { autoscaling: { minReplicas: 5, maxReplicas: 2 } } }), expect: [["gateway.autoscaling.minReplicas", "at most maxReplicas"]] },
    { title: "autoscaling CPU over 100", args: base({ gateway: { autoscaling: { maxReplicas: 4, targetCpuUtilization: 150 } } }), expect: [["gateway.autoscaling.targetCpuUtilization", "from 1 to 100"]] },
    { title: "gateway pod label overriding the selector", args: base({ gateway: { podLabels: { "mesh-egress.io/gateway": "x" } } }), expect: [["gateway.podLabels.mesh-egress.io/gateway", "set by the component"]] },
    { title: "gateway bad label value", args: base({ gateway: { podLabels: { team: "a b" } } }), expect: [["gateway.podLabels.team", "not a valid label value"]] },
    { title: "mutualTls not boolean", args: base({ gateway: { mutualTls: "yes" } }), expect: [["gateway.mutualTls", "true or false"]] },
    // Logs and bypass protection
    { title: "SLS settings without newMesh", args: base({ accessLog: { slsProject: "p" } }), expect: [["accessLog", "need newMesh"]] },
    { title: "bypass protection bad CIDR", args: base({ bypassProtection: { namespaces: ["a"], allowedCidrs: ["10.0.0.0/8", "nope"] } }), expect: [["bypassProtection.allowedCidrs[1]", "not an IP address or CIDR"]] },
    { title: "bypass protection without namespaces", args: base({ bypassProtection: { namespaces: [], allowedCidrs: ["10.0.0.0/8"] } }), expect: [["bypassProtection.namespaces", "list at least one"]] },
    // Several problems at once
    {
        title: "every problem in one error",
        args: base({ services: [svc({ ports: [{ number: 0, protocol: "FTP" }] }), svc({ hosts: ["x.com"] })] }),
        expect: [
            ["services[0].ports[0].number", "from 1 to 65535"],
            ["services[0].ports[0].protocol", "HTTP, HTTPS, TLS, TCP"],
            ["services[1].name", "already used"],
        ],
    },
    // Branches the first corpus missed (accessLog, gateway maps, flags, lists, IPv6)
    { title: "accessLog.enabled not a boolean", args: base({ accessLog: { enabled: "yes" } }), expect: [["accessLog.enabled", "use true or false"]] },
    { title: "empty accessLog.provider", args: base({ accessLog: { provider: "" } }), expect: [["accessLog.provider", "non-empty string"]] },
    {
        title: "accessLog.retentionDays zero, without a new mesh",
        args: base({ accessLog: { retentionDays: 0 } }),
        expect: [["accessLog.retentionDays", "from 1 to 3650"], ["accessLog", "they need newMesh"]],
    },
    { title: "misspelt accessLog field", args: base({ accessLog: { enable: true } }), expect: [["accessLog.enable", "valid fields are enabled, provider, slsProject, retentionDays"]] },
    { title: "gateway.podAnnotations value not a string", args: base({ gateway: { podAnnotations: { "example.com/port": 8080 } } }), expect: [["gateway.podAnnotations.example.com/port", "use a string"]] },
    { title: "gateway.tolerations not a list", args: base({ gateway: { tolerations: { key: "a" } } }), expect: [["gateway.tolerations", "use a list"]] },
    { title: "misspelt gateway.resources field", args: base({ gateway: { resources: { request: { cpu: "1" } } } }), expect: [["gateway.resources.request", "valid fields are requests, limits"]] },
    { title: "gateway.nodeSelector value not a string", args: base({ gateway: { nodeSelector: { pool: 3 } } }), expect: [["gateway.nodeSelector.pool", "not a valid label value"]] },
    { title: "autoscaling without maxReplicas", args: base({ gateway: { autoscaling: { minReplicas: 2 } } }), expect: [["gateway.autoscaling.maxReplicas", "is required"]] },
    { title: "gateway name with bad characters", args: base({ gateway: { name: "Egress_GW" } }), expect: [["gateway.name", "lowercase letters, digits and '-'"]] },
    { title: "empty kubeconfig", args: base({ kubeconfig: "" }), expect: [["kubeconfig", "non-empty string"]] },
    { title: "newMesh.force not a boolean", args: { clusterIds: ["c1"], services: [svc()], newMesh: { vpcId: "v", vswitchId: "s", force: "yes" } }, expect: [["newMesh.force", "use true or false"]] },
    { title: "clusterIds not a list", args: base({ clusterIds: "c1" }), expect: [["clusterIds", "use a list"]] },
    {
        title: "bypassProtection with empty lists",
        args: base({ bypassProtection: { namespaces: [], allowedCidrs: [] } }),
        expect: [["bypassProtection.namespaces", "list at least one"], ["bypassProtection.allowedCidrs", "list at least one"]],
    },
    { title: "bad registryOnlyNamespaces entry", args: base({ registryOnlyNamespaces: ["Bad_NS"] }), expect: [["registryOnlyNamespaces[0]", "not a valid name"]] },
    { title: "upstreamHost with a scheme", args: withService({ hosts: ["*.example.com"], upstreamHost: "http://x" }), expect: [["services[0].upstreamHost", "has a scheme"]] },
    { title: "empty caCertificates", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { caCertificates: "" } }] }), expect: [["services[0].ports[0].tlsOrigination.caCertificates", "non-empty string"]] },
    { title: "misspelt tlsOrigination field", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { ca: "x" } }] }), expect: [["services[0].ports[0].tlsOrigination.ca", "valid fields are port, caCertificates, credentialName, sni, subjectAltNames"]] },
    {
        title: "malformed IPv6 address",
        args: withService({ hosts: ["db.internal"], ports: [{ number: 5432, protocol: "TCP" }], addresses: ["2001:db8:::1"] }),
        expect: [["services[0].addresses[0]", "not an IP address or CIDR"]],
    },
    // Found by mutation testing: each pins a message or a branch no other case reaches.
    { title: "protocol with a quote", args: withService({ ports: [{ number: 80, protocol: 'HT"TP' }] }), expect: [["services[0].ports[0].protocol", '"HT"TP" is not valid; use one of HTTP, HTTPS, TLS, TCP']] },
    { title: "gateway.tolerations an object, shown as JSON", args: base({ gateway: { tolerations: { key: "a" } } }), expect: [["gateway.tolerations", '{"key":"a"} is not valid; use a list']] },
    { title: "port not an object", args: withService({ ports: ["80/HTTP"] }), expect: [["services[0].ports[0]", "must be an object with fields number, protocol"]] },
    { title: "gateway.resources not an object", args: base({ gateway: { resources: "1 cpu" } }), expect: [["gateway.resources", "must be an object with optional fields"]] },
    { title: "newMesh not an object", args: { clusterIds: ["c1"], services: [svc()], newMesh: "vpc-1" }, expect: [["newMesh", "must be an object with fields vpcId, vswitchId"]] },
    {
        title: "newMesh fields of the wrong type",
        args: { clusterIds: ["c1"], services: [svc()], newMesh: { vpcId: "", vswitchId: 7, apiServerPublicEip: "yes" } },
        expect: [["newMesh.vpcId", '"" is not valid; use a non-empty string'], ["newMesh.vswitchId", "7 is not valid; use a non-empty string"], ["newMesh.apiServerPublicEip", '"yes" is not valid; use true or false']],
    },
    { title: "gateway.nodeSelector not a map", args: base({ gateway: { nodeSelector: "pool=egress" } }), expect: [["gateway.nodeSelector", "must be a map of label names to values"]] },
    {
        title: "label names: bad prefix, bad edges, too long",
        args: base({ gateway: { nodeSelector: { "Bad_Prefix/pool": "a", "example.com/-pool": "a", "-pool": "a", "pool-": "a", "ab_": "a", ["n".repeat(64)]: "a" } } }),
        expect: [
            ["gateway.nodeSelector.Bad_Prefix/pool", "is not a valid label name; use [prefix/]name with letters, digits, '-', '_', '.'"],
            ["gateway.nodeSelector.example.com/-pool", "is not a valid label name"],
            ["gateway.nodeSelector.-pool", "is not a valid label name"],
            ["gateway.nodeSelector.pool-", "is not a valid label name"],
            ["gateway.nodeSelector.ab_", "is not a valid label name"],
            [`gateway.nodeSelector.${"n".repeat(64)}`, "is not a valid label name"],
        ],
    },
    { title: "label value too long", args: base({ gateway: { podLabels: { team: "v".repeat(64) } } }), expect: [["gateway.podLabels.team", `"${"v".repeat(64)}" is not a valid label value; use at most 63 letters, digits, '-', '_', '.'`]] },
    { title: "gateway.podAnnotations not a map", args: base({ gateway: { podAnnotations: "a=b" } }), expect: [["gateway.podAnnotations", "must be a map of annotation names to values"]] },
    { title: "gateway name ending in a hyphen", args: base({ gateway: { name: "egress-" } }), expect: [["gateway.name", '"egress-" is not a valid name; use lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 57 characters']] },
    { title: "gateway name not a string", args: base({ gateway: { name: 7 } }), expect: [["gateway.name", "7 is not valid; use a non-empty string"]] },
    { title: "gateway.autoscaling not an object", args: base({ gateway: { autoscaling: 3 } }), expect: [["gateway.autoscaling", "must be an object with fields maxReplicas"]] },
    {
        title: "autoscaling minReplicas out of range and above maxReplicas",
        args: base({ gateway: { autoscaling: { maxReplicas: 5, minReplicas: 2000 } } }),
        expect: [["gateway.autoscaling.minReplicas", "2000 is not valid; use a whole number from 1 to 1000"]],
    },
    {
        title: "autoscaling maxReplicas out of range below minReplicas",
        args: base({ gateway: { autoscaling: { maxReplicas: 0, minReplicas: 2 } } }),
        expect: [["gateway.autoscaling.maxReplicas", "0 is not valid; use a whole number from 1 to 1000"]],
    },
    { title: "autoscaling minReplicas zero", args: base({ gateway: { autoscaling: { maxReplicas: 3, minReplicas: 0 } } }), expect: [["gateway.autoscaling.minReplicas", "0 is not valid"]] },
    { title: "host with a path names the bare host", args: withService({ hosts: ["aliyun.com/api"] }), expect: [["services[0].hosts[0]", '"aliyun.com/api" has a path; give the bare hostname, e.g. "aliyun.com"']] },
    {
        title: "wildcard over a top-level domain other than com",
        args: withService({ hosts: ["*.io", "*.com"], upstreamHost: "www.x.io" }),
        expect: [
            ["services[0].hosts[0]", '"*.io" matches a whole top-level domain; use a narrower wildcard such as "*.example.io"'],
            ["services[0].hosts[1]", '"*.com" matches a whole top-level domain; use a narrower wildcard such as "*.example.com"'],
        ],
    },
    { title: "gatewayPort zero", args: withService({ ports: [{ number: 80, protocol: "HTTP", gatewayPort: 0 }] }), expect: [["services[0].ports[0].gatewayPort", "0 is not valid; use a whole number from 1 to 65535"]] },
    {
        title: "gatewayPort at both ends of Istio's reserved range",
        args: withService({ ports: [{ number: 80, protocol: "HTTP", gatewayPort: 15000 }, { number: 81, protocol: "HTTP", gatewayPort: 15099 }] }),
        expect: [
            ["services[0].ports[0].gatewayPort", "15000 is reserved by Istio's proxy (15000-15099); pick another port"],
            ["services[0].ports[1].gatewayPort", "15099 is reserved by Istio's proxy"],
        ],
    },
    { title: "empty origination SNI", args: withService({ ports: [{ number: 80, protocol: "HTTP", tlsOrigination: { sni: "" } }] }), expect: [["services[0].ports[0].tlsOrigination.sni", "non-empty string"]] },
    { title: "empty upstreamHost", args: withService({ hosts: ["*.example.com"], upstreamHost: "" }), expect: [["services[0].upstreamHost", "non-empty string"]] },
    { title: "upstreamHost not a string", args: withService({ hosts: ["*.example.com"], upstreamHost: 5 }), expect: [["services[0].upstreamHost", "5 is not valid; use a non-empty string"]] },
    { title: "TCP wildcard host", args: withService({ hosts: ["*.db.internal"], upstreamHost: "x.db.internal", ports: [{ number: 5432, protocol: "TCP" }], addresses: ["10.0.0.5"] }), expect: [["services[0].hosts[0]", "a TCP service cannot use a wildcard host; name the destination and list its addresses"], ["services[0].upstreamHost", "does not apply to TCP"]] },
    { title: "two hosts with the same object name", args: withService({ hosts: ["a.b.example", "a-b.example"] }), expect: [["services[0].hosts[1]", '"a-b.example" and services[0].hosts[0] give the same object name "a-b-example"; keep one of them']] },
    // Subsets and Gateway servers are named after hosts across services.
    { title: "hosts of two services with the same object name", args: base({ services: [svc({ hosts: ["a.b.example"] }), svc({ name: "other", hosts: ["a-b.example"] })] }), expect: [["services[1].hosts[0]", '"a-b.example" and services[0].hosts[0] give the same object name "a-b-example"; keep one of them']] },
    { title: "the same invalid service name twice", args: base({ services: [svc({ name: "Bad" }), svc({ name: "Bad", hosts: ["b.example"] })] }), expect: [["services[0].name", "not a valid name"], ["services[1].name", "not a valid name"]] },
    {
        title: "two ports without numbers",
        args: withService({ ports: [{ protocol: "HTTP" }, { protocol: "HTTP" }] }),
        expect: [["services[0].ports[0].number", "is required"], ["services[0].ports[1].number", "is required"]],
    },
    {
        title: "two services without names",
        args: base({ services: [{ hosts: ["a.example"], ports: [HTTP] }, { hosts: ["b.example"], ports: [HTTP] }] }),
        expect: [["services[0].name", "is required"], ["services[1].name", "is required"]],
    },
    { title: "defaultAllowFrom empty", args: base({ defaultAllowFrom: [] }), expect: [["defaultAllowFrom", "list at least one"]] },
    { title: "accessLog not an object", args: base({ accessLog: "on" }), expect: [["accessLog", "must be an object with optional fields"]] },
    { title: "empty accessLog.slsProject", args: { newMesh: { vpcId: "v", vswitchId: "s" }, clusterIds: ["c1"], services: [svc()], accessLog: { slsProject: "" } }, expect: [["accessLog.slsProject", "non-empty string"]] },
    { title: "observe under mesh-wide REGISTRY_ONLY", args: base({ observe: {} }), expect: [["observe", "under mesh-wide REGISTRY_ONLY (the default) none does; set outboundTrafficPolicy: ALLOW_ANY to observe before locking, or lock namespace by namespace with registryOnlyNamespaces"]] },
    { title: "observe with REGISTRY_ONLY said outright", args: base({ outboundTrafficPolicy: "REGISTRY_ONLY", observe: { namespaces: ["web"] } }), expect: [["observe", "under mesh-wide REGISTRY_ONLY"]] },
    { title: "observe not an object", args: base({ outboundTrafficPolicy: "ALLOW_ANY", observe: true }), expect: [["observe", "must be an object with optional fields"]] },
    { title: "observe with an unknown field", args: base({ outboundTrafficPolicy: "ALLOW_ANY", observe: { namespace: "web" } }), expect: [["observe.namespace", "unknown field; valid fields are namespaces, provider"]] },
    { title: "observe with an empty provider", args: base({ outboundTrafficPolicy: "ALLOW_ANY", observe: { provider: "" } }), expect: [["observe.provider", '"" is not valid; use a non-empty string']] },
    {
        title: "observe namespaces empty, then bad, twice, the root and locked",
        args: base({ registryOnlyNamespaces: ["shop", "web"], observe: { namespaces: ["Web", "ci", "ci", "istio-system", "web"] } }),
        expect: [
            ["observe.namespaces[0]", '"Web" is not a valid name'],
            ["observe.namespaces[2]", '"ci" is listed twice; list each namespace once'],
            ["observe.namespaces[3]", '"istio-system" is the root namespace, whose Telemetry applies to every namespace; leave namespaces out to observe every namespace'],
            ["observe.namespaces[4]", '"web" is locked by registryOnlyNamespaces[1]: its calls to unregistered hosts are refused, not passed through; observe the namespaces not yet locked'],
        ],
    },
    { title: "observe namespaces not a list", args: base({ outboundTrafficPolicy: "ALLOW_ANY", observe: { namespaces: "web" } }), expect: [["observe.namespaces", '"web" is not valid; use a list']] },
    { title: "observe the first namespace locked", args: base({ registryOnlyNamespaces: ["web"], observe: { namespaces: ["web"] } }), expect: [["observe.namespaces[0]", '"web" is locked by registryOnlyNamespaces[0]']] },
    { title: "observe namespaces an empty list", args: base({ outboundTrafficPolicy: "ALLOW_ANY", observe: { namespaces: [] } }), expect: [["observe.namespaces", "is empty; list at least one entry"]] },
    { title: "bypassProtection not an object", args: base({ bypassProtection: "web" }), expect: [["bypassProtection", "must be an object with fields namespaces, allowedCidrs"]] },
];
