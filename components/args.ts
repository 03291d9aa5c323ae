// The public contract of MeshEgress: every argument, documented with its default.
// Kept free of logic so the Pulumi schema can be inferred from it and the CLI can
// read the same shape from a YAML file. Only fields typed `pulumi.Input` take Outputs
// (components/inputs.ts lists them); every other field must be a plain value.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** The application protocol a port carries, as the application itself speaks it. */
export type PortProtocol = "HTTP" | "HTTPS" | "TLS" | "TCP";

/** `REGISTRY_ONLY` blocks every host not registered in the mesh; `ALLOW_ANY` lets all out. */
export type OutboundTrafficPolicy = "REGISTRY_ONLY" | "ALLOW_ANY";

/**
 * How routes are expressed: `istio` writes ServiceEntry, Gateway, DestinationRule and
 * VirtualService objects; `asmEgressTrafficPolicy` writes one ASM ASMEgressTrafficPolicy and lets
 * ASM generate them (commercial editions, ASM >= 1.16.4); `auto` takes the policy when every
 * service can be expressed by it and the mesh is known to qualify, else the Istio objects.
 */
export type RoutingMode = "istio" | "asmEgressTrafficPolicy" | "auto";

/** The way routes are expressed once `auto` is decided: Istio objects or ASM's ASMEgressTrafficPolicy. */
export type RoutingPath = "istio" | "asmEgressTrafficPolicy";

/** Let the gateway originate TLS: the application speaks plain HTTP, the gateway speaks HTTPS. */
export interface TlsOriginationArgs {
    /** The external service's TLS port. Defaults to 443. */
    port?: number;
    /**
     * Path, inside the egress gateway pod, of the CA bundle that verifies the server certificate.
     * Defaults to the gateway's system CA store (the server certificate is still verified).
     */
    caCertificates?: string;
    /**
     * Name of a Kubernetes secret in the gateway's namespace holding a client certificate
     * (`tls.crt`, `tls.key`) and the CA that verifies the server (`ca.crt`): mutual TLS to the
     * external service. Not with `caCertificates`: the CA then comes from the secret. Defaults to
     * none (simple TLS).
     */
    credentialName?: string;
    /** SNI sent to the external service. Defaults to the host being called. */
    sni?: string;
    /**
     * Names the server certificate must carry (one of them, as a DNS SAN); any other certificate
     * is refused, even one a trusted CA signed. Defaults to the SNI (the host being called).
     */
    subjectAltNames?: string[];
}

/** One port the applications call a service's hosts on, and what they speak there. */
export interface ServicePortArgs {
    /** The port the application connects to, 1-65535. */
    number: number;
    /**
     * What the application speaks on this port: `HTTP` (plain), `HTTPS` or `TLS` (the application
     * does TLS itself; routed by SNI and passed through), or `TCP` (needs `addresses`).
     */
    protocol: PortProtocol;
    /** Only with `HTTP`: the gateway upgrades the call to TLS. Defaults to none. */
    tlsOrigination?: TlsOriginationArgs;
    /**
     * Pin the listener port on the egress gateway for this port. Defaults to an allocated port:
     * the application port where it is free, else the first free port from 20000.
     */
    gatewayPort?: number;
}

/** A workload allowed to leave through the gateway to a service. */
export interface AllowFromArgs {
    /** Source namespace. */
    namespace: string;
    /** Source service account in that namespace. Defaults to every service account. */
    serviceAccount?: string;
}

/** One external service reached through the egress gateway. */
export interface ExternalServiceArgs {
    /** Unique key of the service, used in every object and resource name (DNS-1123 label). */
    name: string;
    /**
     * Hostnames the applications call. A wildcard (`*.example.com`) needs `upstreamHost`.
     * A host belongs to one service only. With `routing: asmEgressTrafficPolicy` a service's
     * hosts share one policy destination, and ASM requires them to resolve to the same
     * addresses: give hosts that do not a service each.
     */
    hosts: string[];
    /** Ports the applications call these hosts on. */
    ports: ServicePortArgs[];
    /**
     * IPs or CIDRs of the destination. Required with `TCP` ports (a TCP ServiceEntry without
     * addresses would capture the port for every destination); not allowed otherwise.
     */
    addresses?: string[];
    /**
     * The IPs the gateway forwards TCP traffic to. Defaults to the single-host entries of
     * `addresses` (`10.0.0.5` or `10.0.0.5/32`); required when an address is a wider range.
     */
    endpoints?: string[];
    /**
     * The concrete host the gateway sends traffic to, for every host of this service.
     * Required for wildcard hosts, which cannot be DNS-resolved. Defaults to each host itself.
     */
    upstreamHost?: string;
    /**
     * Who may use this exit. Once any service (or `defaultAllowFrom`) lists sources, the gateway
     * denies every request no rule allows. Defaults to `defaultAllowFrom`, else every namespace.
     */
    allowFrom?: AllowFromArgs[];
    /** Namespaces that see this service's configuration. Defaults to every namespace (`*`). */
    exportTo?: string[];
}

/** Horizontal autoscaling of the gateway pods on CPU. */
export interface AutoscalingArgs {
    /** Minimum replicas. Defaults to `gateway.replicas`. */
    minReplicas?: number;
    /** Maximum replicas. */
    maxReplicas: number;
    /** Target average CPU utilisation, percent. Defaults to 80. */
    targetCpuUtilization?: number;
}

/** Container resources of the gateway pods, as Kubernetes quantities by resource name. */
export interface GatewayResourcesArgs {
    /** Requested resources, e.g. `{ cpu: "200m", memory: "256Mi" }`. */
    requests?: { [key: string]: string };
    /** Resource limits, e.g. `{ cpu: "2", memory: "4Gi" }`. */
    limits?: { [key: string]: string };
}

/** The ASM egress gateway (`IstioGateway`, gatewayType egress). */
export interface GatewayArgs {
    /**
     * Name of the IstioGateway; ASM names the Deployment and Service `istio-<name>`.
     * Defaults to `egressgateway`.
     */
    name?: string;
    /** Replicas when not autoscaled. Defaults to 2, so a single pod loss does not stop egress. */
    replicas?: number;
    /** Container resources. Defaults to requests 200m/256Mi, limits 2 CPU/4Gi (ASM's example). */
    resources?: GatewayResourcesArgs;
    /** Horizontal autoscaling (egress HPA needs the Enterprise or Ultimate edition). Defaults to off. */
    autoscaling?: AutoscalingArgs;
    /** Node selector for the gateway pods. Defaults to none. */
    nodeSelector?: { [key: string]: string };
    /** Tolerations for the gateway pods. Defaults to none. */
    tolerations?: k8s.types.input.core.v1.Toleration[];
    /** Affinity for the gateway pods. Defaults to none. */
    affinity?: k8s.types.input.core.v1.Affinity;
    /**
     * Extra pod labels. The component always adds `mesh-egress.io/gateway: <name>`, which the
     * Istio Gateway and the AuthorizationPolicies select on. Defaults to none.
     */
    podLabels?: { [key: string]: string };
    /** Extra pod annotations. Defaults to none. */
    podAnnotations?: { [key: string]: string };
    /**
     * Mutual TLS (`ISTIO_MUTUAL`) between sidecars and the gateway. Needed for `allowFrom`,
     * since the gateway only knows who is calling over mTLS. Defaults to true.
     */
    mutualTls?: boolean;
    /**
     * What `pulumi up` awaits on the IstioGateway before any ServiceEntry, route or lock goes to
     * the mesh. Defaults to `status.Status` equal to `Available` within 600 seconds.
     */
    readiness?: GatewayReadinessArgs;
}

/**
 * When the gateway counts as ready: a JSONPath into the IstioGateway and the value it must show,
 * awaited by the Kubernetes provider (`pulumi.com/waitFor`). ASM does not publish its status
 * values; the default is the ready value of the operator ASM's gateway status comes from.
 */
export interface GatewayReadinessArgs {
    /** Wait at all. With false, routes follow the IstioGateway at once, while ASM may still be starting its pods. Defaults to true. */
    enabled?: boolean;
    /** A JSONPath in kubectl's braces form. Defaults to `{.status.Status}`. */
    jsonPath?: string;
    /** The value the JSONPath must equal; an empty string accepts any value present. Defaults to `Available`. */
    value?: string;
    /** Seconds to wait before the `up` fails, naming the gateway and what it awaited. Defaults to 600. */
    timeoutSeconds?: number;
}

/** A new ASM instance, created through `@pulumi/alicloud`. */
export interface NewMeshArgs {
    /** VPC of the mesh. Replaces the mesh when changed. */
    vpcId: pulumi.Input<string>;
    /** vSwitch of the mesh. Replaces the mesh when changed. */
    vswitchId: pulumi.Input<string>;
    /** `Default` or `Pro`. Replaces the mesh when changed. Defaults to `Pro`. */
    edition?: string;
    /** `standard`, `enterprise` or `ultimate`. Defaults to the provider's default. */
    clusterSpec?: string;
    /** ASM version, e.g. `v1.22.6.71-g7d67a80b-aliyun`. Defaults to the latest. */
    version?: pulumi.Input<string>;
    /** Display name of the mesh. Defaults to the component name. */
    name?: pulumi.Input<string>;
    /** Expose the mesh API server on a public EIP. Replaces the mesh when changed. Defaults to false. */
    apiServerPublicEip?: boolean;
    /** Security group of the mesh. Defaults to one ASM creates. */
    securityGroupId?: pulumi.Input<string>;
    /** Delete the mesh even when clusters are still attached. Defaults to false. */
    force?: boolean;
    /** Minutes to wait for create/update/delete (the mesh must reach `running`). Defaults to 60. */
    timeoutMinutes?: number;
}

/** Access logs of the egress gateway. */
export interface AccessLogArgs {
    /** Defaults to true: the gateway logs every request it forwards. */
    enabled?: boolean;
    /** Istio Telemetry provider name. Defaults to `envoy` (the proxy's stdout). */
    provider?: string;
    /** With `newMesh`: the Simple Log Service project that receives gateway logs. Defaults to ASM's. */
    slsProject?: string;
    /** With `newMesh`: days gateway logs are kept in Simple Log Service. Defaults to 7. */
    retentionDays?: number;
}

/**
 * Make the calls that leave around the registry visible before switching to REGISTRY_ONLY: the
 * sidecars log, and log only, what they send to Istio's `PassthroughCluster` (the calls to hosts
 * no ServiceEntry registers). `mesh-egress audit` reads those logs.
 */
export interface ObserveArgs {
    /**
     * Namespaces whose sidecars log their passthrough calls (one Telemetry each). Defaults to
     * every namespace (one Telemetry in the root namespace). Under REGISTRY_ONLY only namespaces
     * outside `registryOnlyNamespaces` still pass calls through.
     */
    namespaces?: string[];
    /**
     * The Telemetry provider that writes the log. Defaults to `envoy`: the proxy's stdout in the
     * mesh's access-log format, which on ASM is JSON. The audit reads JSON lines only.
     */
    provider?: string;
}

/** Kubernetes NetworkPolicies that stop workloads from bypassing their sidecar. */
export interface BypassProtectionArgs {
    /** Namespaces whose pods may only reach the egress gateway, DNS, the cluster and `allowedCidrs`. */
    namespaces: string[];
    /**
     * CIDRs those pods still reach directly. Must include the ASM control plane address (its
     * istiod load balancer in your VPC), or sidecars lose their configuration.
     */
    allowedCidrs: string[];
    /** Provider of the data-plane (ACK) cluster. Defaults to the component's Kubernetes provider. */
    provider?: k8s.Provider;
}

/** A node pool the component creates for the gateway: its nodes carry the labels and taint only the gateway tolerates. */
export interface EgressNodePoolArgs {
    /** ACK cluster of the pool. Defaults to the first of `clusterIds` (read when the engine knows it). */
    clusterId?: pulumi.Input<string>;
    /** ECS instance types of the nodes, e.g. `ecs.g7.large`. */
    instanceTypes: pulumi.Input<string>[];
    /** Number of nodes. Defaults to 2, one per gateway replica. */
    size?: number;
    /** Name of the node pool. Defaults to `<component name>-egress`. */
    name?: string;
    /** System disk category of the nodes. Defaults to `cloud_essd`. */
    systemDiskCategory?: string;
}

/**
 * A stable egress IP: the addresses partners allow-list. Traffic from the gateway's vSwitches
 * leaves through a NAT gateway's SNAT entries on dedicated EIPs, and the gateway pods run only on
 * the nodes of those vSwitches.
 */
export interface EgressIpArgs {
    /**
     * The vSwitches of the nodes reserved for the gateway (and of their pods, on Terway); one SNAT
     * entry each. The list itself must be plain (it decides how many entries exist); its entries
     * may be Outputs.
     */
    vswitchIds: pulumi.Input<string>[];
    /** An existing enhanced NAT gateway. Exactly one of `natGatewayId` and `vpcId`. */
    natGatewayId?: pulumi.Input<string>;
    /** Create an enhanced NAT gateway in this VPC. Exactly one of `natGatewayId` and `vpcId`. */
    vpcId?: pulumi.Input<string>;
    /** With `vpcId`: the vSwitch the new NAT gateway sits in. Defaults to the first of `vswitchIds`. */
    natGatewayVswitchId?: pulumi.Input<string>;
    /** Create this many EIPs, 1-20. Defaults to 1 when `eipIds` is not given. */
    eipCount?: number;
    /** Maximum bandwidth of each created EIP, in Mbit/s (1-10000). Defaults to 200. */
    eipBandwidth?: number;
    /**
     * Adopt these EIPs instead of creating them. The list itself must be plain (one association
     * each); its entries may be Outputs.
     */
    eipIds?: pulumi.Input<string>[];
    /**
     * Labels of the reserved nodes; the gateway pods select on them. Defaults to
     * `mesh-egress.io/egress-ip: <gateway name>`, the label of the node pool `nodePool` creates.
     */
    nodeSelector?: { [key: string]: string };
    /**
     * Tolerations the gateway pods get so they may run on the reserved nodes. Defaults to the
     * taint of the node pool `nodePool` creates: `mesh-egress.io/egress-ip=<gateway name>:NoSchedule`.
     * With `nodePool`, each must be a plain object with a key and an effect: the pool's taints are
     * made from them (their fields may be Outputs).
     */
    tolerations?: k8s.types.input.core.v1.Toleration[];
    /** Create the reserved node pool in `vswitchIds`. Defaults to none: bring your own pool, labelled and tainted as above. */
    nodePool?: EgressNodePoolArgs;
}

/** Arguments of a MeshEgress component. */
export interface MeshEgressArgs {
    /** Create a new ASM instance. Exactly one of `newMesh`, `meshId`, `kubeconfig`. */
    newMesh?: NewMeshArgs;
    /** Adopt an existing ASM instance by id; its kubeconfig is read through `@pulumi/alicloud`. */
    meshId?: pulumi.Input<string>;
    /**
     * Adopt an existing mesh by its API server kubeconfig; no Alibaba Cloud API call is made.
     * @secret
     */
    kubeconfig?: pulumi.Input<string>;
    /**
     * ACK clusters that run the gateway (and that are attached to a new mesh). An Output, or a
     * list of Outputs, such as an ACK cluster's id, is filled in when the engine knows it.
     */
    clusterIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The egress gateway. Defaults as documented on each field. */
    gateway?: GatewayArgs;
    /**
     * The external services reached through the gateway. At least one. Must be plain values, not
     * Outputs: every object is named and checked from them at preview.
     */
    services: ExternalServiceArgs[];
    /** Defaults to `REGISTRY_ONLY`: only registered hosts leave the mesh. */
    outboundTrafficPolicy?: OutboundTrafficPolicy;
    /**
     * Apply REGISTRY_ONLY only to these namespaces (one Sidecar each) instead of mesh-wide.
     * Defaults to mesh-wide.
     */
    registryOnlyNamespaces?: string[];
    /** Sources allowed for services without `allowFrom`. Defaults to every namespace. */
    defaultAllowFrom?: AllowFromArgs[];
    /** Gateway access logs. Defaults to on. */
    accessLog?: AccessLogArgs;
    /**
     * Log the sidecars' calls to unregistered hosts, to audit before switching to REGISTRY_ONLY.
     * Needs `ALLOW_ANY` or `registryOnlyNamespaces`: under mesh-wide REGISTRY_ONLY nothing passes
     * through. Defaults to off.
     */
    observe?: ObserveArgs;
    /**
     * How routes are expressed: Istio objects or ASM's ASMEgressTrafficPolicy. Defaults to
     * `istio`. `auto` picks the policy only for a new mesh known to be a commercial edition at
     * ASM 1.16.4 or later; the component cannot know an adopted mesh's edition.
     */
    routing?: RoutingMode;
    /** NetworkPolicies against sidecar bypass. Defaults to none. */
    bypassProtection?: BypassProtectionArgs;
    /** A stable egress IP through a NAT gateway and dedicated EIPs. Defaults to none (the nodes' own route out). */
    egressIp?: EgressIpArgs;
    /**
     * Before any object is created, preview included, read the adopted mesh's API server and
     * fail on objects that undo the plan: Sidecars that escape the REGISTRY_ONLY lock, direct
     * exits around the gateway, conflicting routes and entries (the checks of `mesh-egress check
     * --live`; warnings are logged). Needs list access to every Istio object. A new mesh holds
     * nothing to check. Defaults to on where the REGISTRY_ONLY lock is a root Sidecar
     * (an adopted mesh, or `registryOnlyNamespaces`), since any namespace's own Sidecar escapes
     * it unseen; off elsewhere, where reading the whole mesh at every preview buys less, and off
     * when the component is given a Kubernetes provider and a `kubeconfig` (the provider may only
     * render YAML, and the kubeconfig name no server): set `true` then to read the mesh with it.
     */
    liveChecks?: boolean;
}
