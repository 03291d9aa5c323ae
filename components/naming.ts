// Names of generated objects: derived from service names and hosts, never list positions,
// so reordering `services` leaves every name (and every preview line) unchanged.
import { createHash } from "crypto";

/** Namespace of every mesh object: the root namespace, so configuration reaches every namespace. */
export const MESH_NAMESPACE = "istio-system";

/**
 * Names the gateway: on its pods, where the component's objects select it, and on every object the
 * component writes, so a mesh holding two MeshEgress tells whose object is whose.
 */
export const GATEWAY_LABEL = "mesh-egress.io/gateway";

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

/** Namespace-qualified reference to the Istio Gateway of one listener, as VirtualServices bind it. */
export function gatewayRef(gateway: { name: string }, listener: { name: string }): string {
    return `${MESH_NAMESPACE}/${objectName(gateway, listener.name)}`;
}

/**
 * The gateway as the destination of SNI-routed exits (TLS, and TCP under mutual TLS): a name whose
 * ServiceEntry has the gateway pods as endpoints and only the SNI listeners as ports, so its
 * per-host subsets do not multiply with the gateway's other ports.
 */
export function sniServiceHost(gatewayName: string): string {
    return `sni.${gatewayName}.mesh-egress.internal`;
}

/** The SNI sidecars send to an HTTP listener under mutual TLS: one name per listener, not per host. */
export function listenerSniHost(gatewayName: string, listener: { name: string }): string {
    return `${listener.name}.${gatewayName}.mesh-egress.internal`;
}

/** Subset of the SNI DestinationRule that carries one host's traffic. */
export function subsetName(host: string): string {
    return hostSlug(host);
}
