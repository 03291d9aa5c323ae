// The package's public surface, and nothing else: the component, its arguments and outputs, and
// the errors it throws. api/mesh-egress.api.md records it; `npm run build` fails when it changes
// without that report changing. Internals (the planner, the checks) are in ./internal.
export type {
    AccessLogArgs,
    AllowFromArgs,
    AutoscalingArgs,
    BypassProtectionArgs,
    EgressIpArgs,
    EgressNodePoolArgs,
    ExternalServiceArgs,
    GatewayArgs,
    GatewayResourcesArgs,
    MeshEgressArgs,
    NewMeshArgs,
    ObserveArgs,
    OutboundTrafficPolicy,
    PortProtocol,
    RoutingMode,
    RoutingPath,
    ServicePortArgs,
    TlsOriginationArgs,
} from "./args";
export { MeshEgress, MESH_EGRESS_TYPE } from "./meshEgress";
export type { GatewayListener } from "./meshEgress";
export { MeshEgressInputError } from "./problems";
export type { Problem } from "./problems";
export { GeneratedObjectsError } from "./checks";
export type { Finding } from "./analyze";
