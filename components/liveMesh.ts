// Reads a live mesh API server for the live checks (`check --live`, and the component's
// `liveChecks` at preview): every Istio networking and security object and ASM's IstioGateway and
// ASMEgressTrafficPolicy, in every namespace, a page at a time. Read-only: list calls, nothing
// else. The Kubernetes client library handles kubeconfig auth and TLS.
import * as k8s from "@kubernetes/client-node";
import { LiveReadError } from "./liveReadError";
import type { Manifest } from "./manifest";

/** A kind the live checks read, as the API server serves it. */
export interface LiveKind {
    group: string;
    version: string;
    plural: string;
    kind: string;
}

function kinds(group: string, version: string, names: [kind: string, plural: string][]): LiveKind[] {
    return names.map(([kind, plural]) => ({ group, version, plural, kind }));
}

/** Every kind read, at a version every Istio release the checks meet serves (v1beta1; EnvoyFilter is v1alpha3 only). */
export const LIVE_KINDS: LiveKind[] = [
    ...kinds("networking.istio.io", "v1beta1", [
        ["ServiceEntry", "serviceentries"],
        ["VirtualService", "virtualservices"],
        ["DestinationRule", "destinationrules"],
        ["Gateway", "gateways"],
        ["Sidecar", "sidecars"],
        ["WorkloadEntry", "workloadentries"],
        ["WorkloadGroup", "workloadgroups"],
    ]),
    ...kinds("networking.istio.io", "v1alpha3", [["EnvoyFilter", "envoyfilters"]]),
    ...kinds("security.istio.io", "v1beta1", [
        ["AuthorizationPolicy", "authorizationpolicies"],
        ["PeerAuthentication", "peerauthentications"],
        ["RequestAuthentication", "requestauthentications"],
    ]),
    ...kinds("istio.alibabacloud.com", "v1beta1", [
        ["IstioGateway", "istiogateways"],
        ["ASMEgressTrafficPolicy", "asmegresstrafficpolicies"],
    ]),
];

/** Objects listed per request: large meshes are read in pages, never in one response. */
export const PAGE_SIZE = 500;


interface ListPage {
    items: { metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> }[];
    metadata?: { continue?: string };
}

/** The body of a refused request: the API server's Status as JSON, or its text as sent. */
function parsedBody(body: string): unknown {
    try {
        return JSON.parse(body);
    } catch {
        return body;
    }
}

/** Why a request failed, in one line: the API server's message when it sent one, else the client's. */
function reasonOf(e: unknown): string {
    const err = e as { body?: unknown; message: string };
    const body = typeof err.body === "string" ? parsedBody(err.body) : err.body;
    const message = typeof body === "string" ? body : ((body as { message?: string } | undefined)?.message ?? err.message);
    return message.replace(/\s+/g, " ").trim();
}

/** Where a kubeconfig comes from: a file, its text, or the user's default ($KUBECONFIG, ~/.kube/config). */
export type KubeconfigSource = { file: string } | { text: string } | "default";

/** Loads a kubeconfig; a failure names where it came from, never its text (a secret). */
export function loadKubeconfig(source: KubeconfigSource): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    const where = source === "default" ? "the default kubeconfig" : "file" in source ? `the kubeconfig ${source.file}` : "the mesh's kubeconfig";
    try {
        if (source === "default") kc.loadFromDefault();
        else if ("file" in source) kc.loadFromFile(source.file);
        else kc.loadFromString(source.text);
    } catch (e) {
        // A kubeconfig's own text never goes into a message: it holds credentials.
        throw new LiveReadError(`cannot read ${where}: ${typeof source === "object" && "text" in source ? "not a kubeconfig" : reasonOf(e)}`);
    }
    if (!kc.getCurrentCluster()) throw new LiveReadError(`${where} names no current cluster`);
    return kc;
}

/** Every object of the live kinds on the mesh API server; a kind the server does not serve holds none. */
export async function readLiveMesh(kc: k8s.KubeConfig): Promise<Manifest[]> {
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const server = kc.getCurrentCluster()!.server;
    const objects: Manifest[] = [];
    for (const kind of LIVE_KINDS) {
        let next: string | undefined;
        do {
            let page: ListPage;
            try {
                page = (await api.listClusterCustomObject({ group: kind.group, version: kind.version, plural: kind.plural, limit: PAGE_SIZE, _continue: next })) as ListPage;
            } catch (e) {
                // Not served (the CRD is not installed): the mesh holds none of that kind.
                if ((e as { code?: unknown }).code === 404) break;
                throw new LiveReadError(`cannot list ${kind.plural}.${kind.group} on ${server}: ${reasonOf(e)}`);
            }
            for (const item of page.items) {
                objects.push({
                    apiVersion: `${kind.group}/${kind.version}`,
                    kind: kind.kind,
                    metadata: { name: item.metadata.name, namespace: item.metadata.namespace, labels: item.metadata.labels ?? {} },
                    spec: item.spec ?? {},
                });
            }
            next = page.metadata?.continue || undefined;
        } while (next);
    }
    return objects;
}
