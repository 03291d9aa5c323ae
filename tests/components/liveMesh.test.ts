// Reading a live mesh: list calls against a stand-in API server on the loopback address (the real
// test API server is exercised in tests/engine/liveCheck.test.ts), and the component waiting on
// the live checks with `liveChecks: true`.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { MeshEgressArgs } from "../../components";
import { LIVE_KINDS, PAGE_SIZE, loadKubeconfig, readLiveMesh } from "../../components/liveMesh";
import { LiveReadError } from "../../components/liveReadError";
import { ALIYUN } from "../support/fixtures";
import { construct } from "../support/harness";

interface FakeServer {
    url: string;
    /** Every request's path and query, in order. */
    requests: string[];
    close(): Promise<void>;
}

/** An API server stand-in: `answer` gives the status and body of each GET (a string is sent as it is). */
async function fakeApiServer(answer: (url: URL) => { status: number; body: unknown }): Promise<FakeServer> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = new URL(req.url!, "http://localhost");
        requests.push(`${url.pathname}${url.search}`);
        const { status, body } = answer(url);
        res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function kubeconfigFor(server: string): string {
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "mesh", cluster: { server, "insecure-skip-tls-verify": true } }],
        users: [{ name: "u", user: { token: "t" } }],
        contexts: [{ name: "mesh", context: { cluster: "mesh", user: "u" } }],
        "current-context": "mesh",
    });
}

const EMPTY = { status: 200, body: { apiVersion: "v1", items: [], metadata: {} } };

describe("reading a live mesh", function () {
    this.timeout(20_000);

    it("lists every kind at its version in pages of 500, follows continue tokens, and takes a kind that is not served as empty", async () => {
        const server = await fakeApiServer((url) => {
            if (url.pathname === "/apis/networking.istio.io/v1beta1/sidecars") {
                if (!url.searchParams.get("continue")) {
                    return { status: 200, body: { items: [{ metadata: { name: "default", namespace: "team-a" }, spec: { egress: [] } }], metadata: { continue: "page-2" } } };
                }
                return { status: 200, body: { items: [{ metadata: { name: "billing", namespace: "team-a", labels: { team: "a" } } }], metadata: { continue: "" } } };
            }
            if (url.pathname.startsWith("/apis/istio.alibabacloud.com/")) return { status: 404, body: { kind: "Status", message: "the server could not find the requested resource" } };
            return EMPTY;
        });
        try {
            const live = await readLiveMesh(loadKubeconfig({ text: kubeconfigFor(server.url) }));
            assert.deepStrictEqual(live, [
                { apiVersion: "networking.istio.io/v1beta1", kind: "Sidecar", metadata: { name: "default", namespace: "team-a", labels: {} }, spec: { egress: [] } },
                { apiVersion: "networking.istio.io/v1beta1", kind: "Sidecar", metadata: { name: "billing", namespace: "team-a", labels: { team: "a" } }, spec: {} },
            ]);
            assert.strictEqual(PAGE_SIZE, 500);
            assert.deepStrictEqual(server.requests, [
                "/apis/networking.istio.io/v1beta1/serviceentries?limit=500",
                "/apis/networking.istio.io/v1beta1/virtualservices?limit=500",
                "/apis/networking.istio.io/v1beta1/destinationrules?limit=500",
                "/apis/networking.istio.io/v1beta1/gateways?limit=500",
                "/apis/networking.istio.io/v1beta1/sidecars?limit=500",
                "/apis/networking.istio.io/v1beta1/sidecars?continue=page-2&limit=500",
                "/apis/networking.istio.io/v1beta1/workloadentries?limit=500",
                "/apis/networking.istio.io/v1beta1/workloadgroups?limit=500",
                "/apis/networking.istio.io/v1alpha3/envoyfilters?limit=500",
                "/apis/security.istio.io/v1beta1/authorizationpolicies?limit=500",
                "/apis/security.istio.io/v1beta1/peerauthentications?limit=500",
                "/apis/security.istio.io/v1beta1/requestauthentications?limit=500",
                "/apis/istio.alibabacloud.com/v1beta1/istiogateways?limit=500",
                "/apis/istio.alibabacloud.com/v1beta1/asmegresstrafficpolicies?limit=500",
            ]);
            assert.strictEqual(LIVE_KINDS.length, 13);
        } finally {
            await server.close();
        }
    });

    it("gives each item its kind and the version it was read at; a page may come without list metadata", async () => {
        const server = await fakeApiServer((url) => ({ status: 200, body: { items: [{ metadata: { name: url.pathname.split("/").pop(), namespace: "ns" } }] } }));
        try {
            const live = await readLiveMesh(loadKubeconfig({ text: kubeconfigFor(server.url) }));
            assert.deepStrictEqual(
                live.map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.namespace}/${m.metadata.name}`),
                [
                    "networking.istio.io/v1beta1 ServiceEntry ns/serviceentries",
                    "networking.istio.io/v1beta1 VirtualService ns/virtualservices",
                    "networking.istio.io/v1beta1 DestinationRule ns/destinationrules",
                    "networking.istio.io/v1beta1 Gateway ns/gateways",
                    "networking.istio.io/v1beta1 Sidecar ns/sidecars",
                    "networking.istio.io/v1beta1 WorkloadEntry ns/workloadentries",
                    "networking.istio.io/v1beta1 WorkloadGroup ns/workloadgroups",
                    "networking.istio.io/v1alpha3 EnvoyFilter ns/envoyfilters",
                    "security.istio.io/v1beta1 AuthorizationPolicy ns/authorizationpolicies",
                    "security.istio.io/v1beta1 PeerAuthentication ns/peerauthentications",
                    "security.istio.io/v1beta1 RequestAuthentication ns/requestauthentications",
                    "istio.alibabacloud.com/v1beta1 IstioGateway ns/istiogateways",
                    "istio.alibabacloud.com/v1beta1 ASMEgressTrafficPolicy ns/asmegresstrafficpolicies",
                ],
            );
            assert.strictEqual(server.requests.length, 13);
        } finally {
            await server.close();
        }
    });

    it("gives a refusal sent as text on one line, and the client's reason when nothing answers", async () => {
        const server = await fakeApiServer(() => ({ status: 500, body: "etcd cluster\n   is unavailable " }));
        try {
            await assert.rejects(readLiveMesh(loadKubeconfig({ text: kubeconfigFor(server.url) })), {
                name: "Error",
                message: `cannot list serviceentries.networking.istio.io on ${server.url}: etcd cluster is unavailable`,
            });
        } finally {
            await server.close();
        }
        await assert.rejects(readLiveMesh(loadKubeconfig({ text: kubeconfigFor(server.url) })), (e: unknown) => {
            assert.ok(e instanceof LiveReadError);
            assert.match(e.message, new RegExp(`^cannot list serviceentries\\.networking\\.istio\\.io on ${server.url}: request to ${server.url}/apis/networking\\.istio\\.io/v1beta1/serviceentries\\?limit=500 failed, reason: connect ECONNREFUSED`));
            return true;
        });
    });

    it("names the kind, the server and the server's reason when a list is refused", async () => {
        const server = await fakeApiServer((url) =>
            url.pathname.endsWith("/virtualservices") ? { status: 403, body: { kind: "Status", message: 'virtualservices.networking.istio.io is forbidden: User "u" cannot list resource' } } : EMPTY,
        );
        try {
            await assert.rejects(readLiveMesh(loadKubeconfig({ text: kubeconfigFor(server.url) })), (e: unknown) => {
                assert.ok(e instanceof LiveReadError);
                assert.match(e.message, new RegExp(`^cannot list virtualservices\\.networking\\.istio\\.io on ${server.url}: .*virtualservices\\.networking\\.istio\\.io is forbidden: User "u" cannot list resource`));
                return true;
            });
        } finally {
            await server.close();
        }
    });

    it("refuses an unusable kubeconfig, naming where it came from but never its text", () => {
        assert.throws(() => loadKubeconfig({ text: "not-a-kubeconfig" }), { name: "Error", message: "the mesh's kubeconfig names no current cluster" });
        assert.throws(() => loadKubeconfig({ text: "{ [" }), (e: unknown) => e instanceof LiveReadError && e.message === "cannot read the mesh's kubeconfig: not a kubeconfig");
        const missing = path.join(os.tmpdir(), "mesh-egress-no-such-kubeconfig");
        assert.throws(() => loadKubeconfig({ file: missing }), (e: unknown) => e instanceof LiveReadError && e.message.startsWith(`cannot read the kubeconfig ${missing}: `) && e.message.includes("ENOENT"));
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-kc-")), "config");
        fs.writeFileSync(file, kubeconfigFor("http://127.0.0.1:1"));
        assert.strictEqual(loadKubeconfig({ file }).getCurrentCluster()!.server, "http://127.0.0.1:1");
        const saved = process.env.KUBECONFIG;
        process.env.KUBECONFIG = file;
        try {
            assert.strictEqual(loadKubeconfig("default").getCurrentCluster()!.server, "http://127.0.0.1:1");
            process.env.KUBECONFIG = missing;
            assert.throws(() => loadKubeconfig("default"), (e: unknown) => e instanceof LiveReadError && e.message === `cannot read the default kubeconfig: ENOENT: no such file or directory, open '${missing}'`);
        } finally {
            if (saved === undefined) delete process.env.KUBECONFIG;
            else process.env.KUBECONFIG = saved;
        }
    });

    it("with liveChecks, the component reads the mesh before it registers an object, and registers the same objects", async () => {
        const server = await fakeApiServer(() => EMPTY);
        try {
            const args: MeshEgressArgs = { kubeconfig: kubeconfigFor(server.url), clusterIds: ["c"], services: [ALIYUN] };
            const plain = await construct("unchecked", args);
            assert.deepStrictEqual(server.requests, []);
            const checked = await construct("checked", { ...args, liveChecks: true });
            assert.strictEqual(server.requests.length, 13);
            const inputsOf = (c: typeof plain, prefix: string) => new Map([...c.registered].filter(([n]) => n !== prefix).map(([n, r]) => [n.slice(prefix.length), JSON.stringify(r.inputs)]));
            assert.deepStrictEqual(inputsOf(checked, "checked"), inputsOf(plain, "unchecked"));
            assert.strictEqual(inputsOf(checked, "checked").size, 8);
        } finally {
            await server.close();
        }
    });
});
