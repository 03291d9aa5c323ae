// Previews stay readable: names come from service names, so reordering changes nothing and
// adding a service adds only its own objects (plus the gateway's port list for a new port).
import * as assert from "assert";
import { ExternalServiceArgs, buildEgressPlan } from "../../components";
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
        assert.deepStrictEqual(d.added, ["dr-status", "gw-status", "se-status", "vs-status-status-example-net"]);
        assert.deepStrictEqual(d.removed, []);
        // The mesh-wide Sidecar waits for the new route too; nothing else changes.
        assert.deepStrictEqual(d.changed, ["sidecar"]);
    });

    it("also changes the gateway's port list when the new service needs a new port", () => {
        const extra: ExternalServiceArgs = { name: "grafana", hosts: ["grafana.example.net"], ports: [{ number: 3000, protocol: "HTTP" }] };
        const d = diff(base, byId([...HTTP_SERVICES, extra]));
        assert.deepStrictEqual(d.added, ["dr-grafana", "gw-grafana", "se-grafana", "vs-grafana-grafana-example-net"]);
        assert.deepStrictEqual(d.changed, ["gateway", "sidecar"]);
    });

    it("removing a service removes only its objects", () => {
        const d = diff(base, byId(HTTP_SERVICES.filter((s) => s.name !== "metrics")));
        assert.deepStrictEqual(d.removed, ["dr-metrics", "gw-metrics", "se-metrics", "vs-metrics-metrics-example-org"]);
        assert.deepStrictEqual(d.added, []);
        assert.deepStrictEqual(d.changed, ["gateway", "sidecar"]);
    });
});
