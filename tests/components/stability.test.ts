// Previews stay readable: names come from service names and listeners, so reordering changes
// nothing, and adding a service adds only its own objects and updates only the shared ones it
// joins (its listener's Gateway; the SNI subsets; for a new port, the gateway's port list).
import * as assert from "assert";
import { ExternalServiceArgs, buildEgressPlan } from "../../components/internal";
import { HTTP_SERVICES, withKubeconfig } from "../support/fixtures";

function byId(services: ExternalServiceArgs[]): Map<string, string> {
    const plan = buildEgressPlan(withKubeconfig(services));
    return new Map(plan.objects.map((o) => [o.id, JSON.stringify({ manifest: o.manifest, dependsOn: [...o.dependsOn].sort() })]));
}

function diff(before: Map<string, string>, after: Map<string, string>): { added: string[]; removed: string[]; changed: string[] } {
    return {
        added: [...after.keys()].filter((k) => !before.has(k)).sort(),
        removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
        changed: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort(),
    };
}

describe("plan stability", () => {
    let base: ReturnType<typeof byId>;
    beforeEach(() => {
        base = byId(HTTP_SERVICES);
    });

    it("is unchanged when services are reordered", () => {
        const reordered = byId([...HTTP_SERVICES].reverse());
        assert.deepStrictEqual(diff(base, reordered), { added: [], removed: [], changed: [] });
    });

    it("adds only the new service's objects when its port is already served", () => {
        const extra: ExternalServiceArgs = { name: "status", hosts: ["status.example.net"], ports: [{ number: 80, protocol: "HTTP" }] };
        const d = diff(base, byId([...HTTP_SERVICES, extra]));
        assert.deepStrictEqual(d.added, ["se-status", "vs-status-status-example-net"]);
        assert.deepStrictEqual(d.removed, []);
        // The listener's Gateway serves the new host; the mesh-wide Sidecar waits for the new route too.
        assert.deepStrictEqual(d.changed, ["gw-https-80", "sidecar"]);
    });

    it("also changes the gateway's port list when the new service needs a new port", () => {
        const extra: ExternalServiceArgs = { name: "grafana", hosts: ["grafana.example.net"], ports: [{ number: 3000, protocol: "HTTP" }] };
        const d = diff(base, byId([...HTTP_SERVICES, extra]));
        assert.deepStrictEqual(d.added, ["gw-https-3000", "se-grafana", "vs-grafana-grafana-example-net"]);
        assert.deepStrictEqual(d.changed, ["dr-gateway", "gateway", "sidecar"]);
    });

    it("adds a TLS or TCP service to the shared SNI listener: its host's server and subset, nothing else of others", () => {
        const git: ExternalServiceArgs = { name: "git", hosts: ["git.example"], ports: [{ number: 443, protocol: "TLS" }] };
        const db: ExternalServiceArgs = { name: "db", hosts: ["db.internal"], addresses: ["10.0.0.5"], ports: [{ number: 5432, protocol: "TCP" }] };
        const before = byId([...HTTP_SERVICES, git]);
        const d = diff(before, byId([...HTTP_SERVICES, git, db]));
        assert.deepStrictEqual(d.added, ["se-db", "vs-db-db-internal"]);
        assert.deepStrictEqual(d.removed, []);
        assert.deepStrictEqual(d.changed, ["dr-sni", "gw-tls-443", "sidecar"]);
        assert.deepStrictEqual(diff(byId([...HTTP_SERVICES, git, db]), before).removed, ["se-db", "vs-db-db-internal"]);
    });

    it("removing a service removes only its objects", () => {
        const d = diff(base, byId(HTTP_SERVICES.filter((s) => s.name !== "metrics")));
        assert.deepStrictEqual(d.removed, ["gw-https-9090", "se-metrics", "vs-metrics-metrics-example-org"]);
        assert.deepStrictEqual(d.added, []);
        assert.deepStrictEqual(d.changed, ["dr-gateway", "gateway", "sidecar"]);
    });
});
