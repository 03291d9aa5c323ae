// The IstioGateway builder on its own: listener ports in ascending order, whatever order it is given.
import * as assert from "assert";
import { istioGateway } from "../../components/gateway";
import { resolveSpec } from "../../components/internal";

describe("IstioGateway ports", () => {
    it("lists the listeners by ascending port, each as its own target port over TCP", () => {
        const spec = resolveSpec({ kubeconfig: "kc", clusterIds: ["c1"], services: [{ name: "a", hosts: ["a.example"], ports: [{ number: 80, protocol: "HTTP" }] }] }, "t");
        const listeners = [
            { name: "tls-9443", port: 9443, family: "tls" as const },
            { name: "https-80", port: 80, family: "http" as const },
            { name: "tcp-5432", port: 5432, family: "tcp" as const },
        ];
        const ports = (istioGateway(spec.gateway, listeners as never, ["c1"]).spec as any).ports;
        assert.deepStrictEqual(ports, [
            { name: "https-80", port: 80, targetPort: 80, protocol: "TCP" },
            { name: "tcp-5432", port: 5432, targetPort: 5432, protocol: "TCP" },
            { name: "tls-9443", port: 9443, targetPort: 9443, protocol: "TCP" },
        ]);
        assert.deepStrictEqual(listeners.map((l) => l.port), [9443, 80, 5432], "the caller's list is left as it was");
    });
});
