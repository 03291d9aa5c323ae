// Names of generated objects: derived from service names and hosts, never list positions,
// so reordering `services` leaves every name (and every preview line) unchanged.
import { createHash } from "crypto";

/** Namespace of every mesh object: the root namespace, so configuration reaches every namespace. */
export const MESH_NAMESPACE = "istio-system";

/** Pod label the component puts on the gateway pods and selects on everywhere. */
export const GATEWAY_POD_LABEL = "mesh-egress.io/gateway";

export const MANAGED_BY_LABELS = { "app.kubernetes.io/managed-by": "mesh-egress" };

/** ASM names the gateway Deployment and Service `istio-<IstioGateway name>`. */
export function gatewayServiceName(gatewayName: string): string {
    return `istio-${gatewayName}`;
}

export function gatewayServiceHost(gatewayName: string): string {
    return `${gatewayServiceName(gatewayName)}.${MESH_NAMESPACE}.svc.cluster.local`;
}

function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * A DNS-1123 label for a hostname: `api.example.com` -> `api-example-com`,
 * `*.example.com` -> `wildcard-example-com`; hashed when longer than `max`.
 */
export function hostSlug(host: string, max = 40): string {
    const slug = host.toLowerCase().replace(/^\*\./, "wildcard.").replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
    return slug.length <= max ? slug : `${slug.slice(0, max - 7).replace(/-+$/, "")}-${shortHash(host)}`;
}

/** The name of an object of the gateway: `<gateway>-<parts...>`. */
export function objectName(gateway: { name: string }, ...parts: string[]): string {
    return [gateway.name, ...parts].join("-");
}

/** Namespace-qualified reference to the service's Istio Gateway, as VirtualServices bind it. */
export function gatewayRef(gateway: { name: string }, service: { name: string }): string {
    return `${MESH_NAMESPACE}/${objectName(gateway, service.name)}`;
}

/** Subset of the gateway DestinationRule that carries one host's traffic. */
export function subsetName(host: string): string {
    return hostSlug(host);
}
