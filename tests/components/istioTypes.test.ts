// The builders' specs are typed (components/istioTypes.ts): the compiler refuses what Istio's
// schemas or ASM's types refuse. Each @ts-expect-error below fails the build if it compiles.
import * as assert from "assert";
import { istioManifest } from "../../components/manifest";

describe("typed object specs", () => {
    it("refuse a misspelt field, a wrong enum value and a wrong type at compile time", () => {
        const built = [
            // @ts-expect-error misspelt field of a ServiceEntry
            istioManifest("networking.istio.io/v1beta1", "ServiceEntry", "a", { hostz: ["a.example"] }),
            // @ts-expect-error resolution is an enum
            istioManifest("networking.istio.io/v1beta1", "ServiceEntry", "b", { hosts: ["a.example"], resolution: "DNS_ONLY" }),
            // @ts-expect-error a port number is a number
            istioManifest("networking.istio.io/v1beta1", "Gateway", "c", { servers: [{ port: { number: "80" }, hosts: ["a.example"] }] }),
            // @ts-expect-error ASM's IstioGateway needs gatewayType, clusterIds and ports
            istioManifest("istio.alibabacloud.com/v1beta1", "IstioGateway", "d", { replicaCount: 2 }),
            // @ts-expect-error the kind must be one the package writes
            istioManifest("networking.istio.io/v1beta1", "WorkloadEntry", "e", {}),
        ];
        assert.strictEqual(built.length, 5);
    });
});
