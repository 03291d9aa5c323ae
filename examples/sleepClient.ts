// The seed procedure's client, shared by the examples: a `sleep` pod with curl in namespace
// default of the data-plane (ACK) cluster, its sidecar injected, started once the way out exists.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export function sleepClient(provider: k8s.Provider, dependsOn: pulumi.Resource[]): k8s.apps.v1.Deployment {
    const labels = { app: "sleep" };
    const account = new k8s.core.v1.ServiceAccount("sleep", { metadata: { name: "sleep", namespace: "default" } }, { provider });
    return new k8s.apps.v1.Deployment("sleep", {
        metadata: { name: "sleep", namespace: "default" },
        spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels: { ...labels, "sidecar.istio.io/inject": "true" } },
                spec: {
                    serviceAccountName: account.metadata.name,
                    containers: [{ name: "sleep", image: "curlimages/curl", command: ["/bin/sleep", "infinity"] }],
                },
            },
        },
    }, { provider, dependsOn });
}
