// The spec of every object the package writes, typed: Istio's kinds by their published CRD
// schemas (as @kubernetes-models/istio types them), ASM's IstioGateway by ASM's API types
// (IstioGatewaySpec; the same fields as ISTIO_GATEWAY_SCHEMA). The builders fill these, so the
// compiler refuses a misspelt field or an unknown enum value.
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule";
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway";
import type { IServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry";
import type { ISidecar } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Sidecar";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService";
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1beta1/AuthorizationPolicy";
import type { ITelemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1alpha1/Telemetry";

type SpecOf<T extends { spec?: unknown }> = NonNullable<T["spec"]>;
type Item<T> = NonNullable<T> extends (infer U)[] ? U : never;

export type ServiceEntrySpec = SpecOf<IServiceEntry>;
export type ServiceEntryPort = Item<ServiceEntrySpec["ports"]>;
export type IstioGatewayObjectSpec = SpecOf<IGateway>;
export type GatewayServer = Item<IstioGatewayObjectSpec["servers"]>;
export type DestinationRuleSpec = SpecOf<IDestinationRule>;
export type Subset = Item<DestinationRuleSpec["subsets"]>;
export type PortTrafficPolicy = Item<NonNullable<DestinationRuleSpec["trafficPolicy"]>["portLevelSettings"]>;
export type ClientTlsSettings = NonNullable<PortTrafficPolicy["tls"]>;
export type VirtualServiceSpec = SpecOf<IVirtualService>;
export type HttpRoute = Item<VirtualServiceSpec["http"]>;
export type HttpMatch = Item<HttpRoute["match"]>;
export type TlsRoute = Item<VirtualServiceSpec["tls"]>;
export type TlsMatch = Item<TlsRoute["match"]>;
export type TcpRoute = Item<VirtualServiceSpec["tcp"]>;
export type L4Match = Item<TcpRoute["match"]>;
export type RouteDestination = Item<HttpRoute["route"]>;
export type SidecarSpec = SpecOf<ISidecar>;
export type AuthorizationPolicySpec = SpecOf<IAuthorizationPolicy>;
export type AuthorizationRule = Item<AuthorizationPolicySpec["rules"]>;
export type AuthorizationSource = Item<AuthorizationRule["from"]>;
export type AuthorizationOperation = NonNullable<Item<AuthorizationRule["to"]>["operation"]>;
export type TelemetrySpec = SpecOf<ITelemetry>;

/** ASM's IstioGatewaySpec, the fields this package sets (see ISTIO_GATEWAY_SCHEMA for all). */
export interface IstioGatewaySpec {
    gatewayType: "ingress" | "egress" | "cross-network";
    /** Plain in the plan; the component registers the user's Input (gatewayInputFields). */
    clusterIds: unknown;
    serviceType?: "ClusterIP" | "NodePort" | "LoadBalancer";
    replicaCount?: number;
    autoscaleEnabled?: boolean;
    minReplicas?: number;
    maxReplicas?: number;
    cpu?: { targetAverageUtilization?: number };
    ports: { name: string; port: number; targetPort?: number; protocol?: "TCP" | "UDP" | "SCTP" }[];
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    podLabels?: Record<string, string>;
    podAnnotations?: Record<string, string>;
    nodeSelector?: Record<string, string>;
    tolerations?: unknown[];
    affinity?: unknown;
    autoCreateGatewayYaml?: boolean;
    rollingMaxSurge?: number | string;
    rollingMaxUnavailable?: number | string;
}

/** One destination of an ASMEgressTrafficPolicy rule: hosts on one port, through one gateway listener. */
export interface AsmEgressDestination {
    name: string;
    /** At most 50; ASM requires them to resolve to the same addresses. */
    hosts: string[];
    /** What the sidecar intercepts. */
    port: { number: number; name: string; protocol: "HTTP" | "HTTPS" | "TLS" };
    /** The gateway listener this traffic arrives on. */
    byEgressGateway: { port: number };
    /** The gateway speaks HTTPS to the host on `port` (443 by default). */
    httpsUpgrade?: { enabled: boolean; port?: number };
}

/** A source of an ASMEgressTrafficPolicy rule; `workloadSelector` is a plain label map. */
export interface AsmEgressSource {
    namespace: string;
    workloadSelector?: Record<string, string>;
}

/** ASM's ASMEgressTrafficPolicySpec (docs/design.md, "ASM's ASMEgressTrafficPolicy"; ASM's "ASMEgressTrafficPolicy CRD description"). */
export interface AsmEgressTrafficPolicySpec {
    byEgressGateway: { name: string };
    egressRules: { from: AsmEgressSource[]; to: AsmEgressDestination[] }[];
}

/** Each kind the package writes to the mesh API server, with its spec type. */
export interface MeshKindSpecs {
    ServiceEntry: ServiceEntrySpec;
    Gateway: IstioGatewayObjectSpec;
    DestinationRule: DestinationRuleSpec;
    VirtualService: VirtualServiceSpec;
    Sidecar: SidecarSpec;
    AuthorizationPolicy: AuthorizationPolicySpec;
    Telemetry: TelemetrySpec;
    IstioGateway: IstioGatewaySpec;
    ASMEgressTrafficPolicy: AsmEgressTrafficPolicySpec;
}
