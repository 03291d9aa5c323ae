// ASM's IstioGateway custom resource (istio.alibabacloud.com/v1beta1): the gateway deployment.
// ASM creates the Deployment, Service and ServiceAccount `istio-<name>` in every listed cluster.
import { knownPart, knownStrings } from "./inputs";
import type { IstioGatewaySpec } from "./istioTypes";
import type { Listener } from "./listeners";
import { Manifest, istioManifest } from "./manifest";
import type { GatewaySpec } from "./spec";

/**
 * The IstioGateway as far as it is known now: Outputs among `clusterIds` are pending, and Outputs
 * in tolerations and affinity are left out. The component registers `gatewayInputFields` over it.
 */
export function istioGateway(gateway: GatewaySpec, listeners: Listener[], clusterIds: unknown): Manifest {
    const spec: IstioGatewaySpec = {
        gatewayType: "egress",
        clusterIds: knownStrings(clusterIds),
        serviceType: "ClusterIP",
        replicaCount: gateway.replicas,
        // Exactly the ports the Gateway servers listen on (istioctl IST0162 otherwise).
        ports: [...listeners].sort((a, b) => a.port - b.port).map((l) => ({ name: l.name, port: l.port, targetPort: l.port, protocol: "TCP" })),
        resources: gateway.resources,
        podLabels: gateway.podLabels,
        // The component writes its own Istio Gateways; ASM must not add a default one.
        autoCreateGatewayYaml: false,
        rollingMaxSurge: "25%",
        rollingMaxUnavailable: "25%",
    };
    if (gateway.autoscaling) {
        spec.autoscaleEnabled = true;
        spec.minReplicas = gateway.autoscaling.minReplicas;
        spec.maxReplicas = gateway.autoscaling.maxReplicas;
        spec.cpu = { targetAverageUtilization: gateway.autoscaling.targetCpuUtilization };
    }
    if (gateway.podAnnotations) spec.podAnnotations = gateway.podAnnotations;
    if (gateway.nodeSelector) spec.nodeSelector = gateway.nodeSelector;
    if (gateway.tolerations) spec.tolerations = knownPart(gateway.tolerations);
    if (gateway.affinity) spec.affinity = knownPart(gateway.affinity);
    const manifest = istioManifest("istio.alibabacloud.com/v1beta1", "IstioGateway", gateway.name, spec);
    if (!gateway.readiness) return manifest;
    // The Kubernetes provider awaits these before the IstioGateway counts as created, so the routes
    // that depend on it wait for ASM's pods; preview never waits.
    const annotations = { "pulumi.com/waitFor": gateway.readiness.waitFor, "pulumi.com/timeoutSeconds": String(gateway.readiness.timeoutSeconds) };
    return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** The IstioGateway spec fields that may hold Outputs, exactly as the user gave them. */
export function gatewayInputFields(gateway: GatewaySpec, clusterIds: unknown): Partial<IstioGatewaySpec> {
    const fields: Partial<IstioGatewaySpec> = { clusterIds };
    if (gateway.tolerations) fields.tolerations = gateway.tolerations;
    if (gateway.affinity) fields.affinity = gateway.affinity;
    return fields;
}

/** What `up` says it awaits on the IstioGateway before any route goes to the mesh. */
export function readinessMessage(gatewayName: string, readiness: { waitFor: string; timeoutSeconds: number }): string {
    return `IstioGateway ${gatewayName}: no route goes to the mesh until ${readiness.waitFor} (gateway.readiness), waiting up to ${readiness.timeoutSeconds} s`;
}
