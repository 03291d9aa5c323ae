// The internal entry point: the pure core's builders and constants, for this package's CLI,
// provider and tests. Not part of the package's typings (package.json `exports` and `types` name
// components/index.ts alone), so it may change in any release.
export * from "./args";
export { MeshEgress, MESH_EGRESS_OUTPUTS, MESH_EGRESS_TYPE, meshEgressOutputs } from "./meshEgress";
export type { GatewayListener, MeshEgressOutputName } from "./meshEgress";
export { buildEgressPlan, buildPlanFromSpec, EGRESS_IP_NODE, GATEWAY_ID, MESH_NODE, objectDependencies } from "./plan";
export { EGRESS_IP_NODE_KEY } from "./egressIp";
export { PENDING_VALUE } from "./inputs";
export type { EgressPlan, PlannedObject, Cluster } from "./plan";
export { validateArgs } from "./validate";
export { resolveSpec } from "./spec";
export type { EgressSpec, ServiceSpec, PortSpec, GatewaySpec, TrafficKind, MeshMode } from "./spec";
export { MeshEgressInputError, formatProblems } from "./problems";
export type { Problem } from "./problems";
export type { Manifest } from "./manifest";
export { manifestId } from "./manifest";
export type { Listener } from "./listeners";
export { gatewayServiceHost } from "./naming";
export { analyzeObjects, hostMatches } from "./analyze";
export type { Finding } from "./analyze";
export { schemaFindings, ISTIO_GATEWAY_SCHEMA, ASM_EGRESS_TRAFFIC_POLICY_SCHEMA } from "./objectSchemas";
export { policyLimits, decideRouting, EGRESS_POLICY_NAMESPACE, MAX_POLICY_HOSTS } from "./policy";
export type { RoutingDecision } from "./policy";
export { planFindings, assertPlanClean, GeneratedObjectsError, formatFindings } from "./checks";
export { liveFindings } from "./liveChecks";
export type { LiveFinding, Severity } from "./liveChecks";
export { LiveMeshError, liveCheckGate, liveChecksOn } from "./liveGate";
export { LiveReadError } from "./liveReadError";
