// Public surface of the package: the component, its arguments and the pure builders.
export * from "./args";
export { MeshEgress, MESH_EGRESS_TYPE } from "./meshEgress";
export type { GatewayListener } from "./meshEgress";
export { buildEgressPlan, buildPlanFromSpec, MESH_NODE, objectDependencies } from "./plan";
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
export { schemaFindings, ISTIO_GATEWAY_SCHEMA } from "./schema";
export { planFindings, assertPlanClean, GeneratedObjectsError, formatFindings } from "./checks";
