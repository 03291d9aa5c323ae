import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { istioGatewayCrd, structural } from "./istioGatewayCrd";

const CRD_FILE = path.resolve(__dirname, "..", "..", "..", "tests", "cluster", "istiogateway-crd.yaml");

describe("IstioGateway CRD of the test mesh API server", () => {
    it("is the committed file, derived from the schema the component validates against", () => {
        const expected = istioGatewayCrd();
        if (process.env.UPDATE_CRD === "1") fs.writeFileSync(CRD_FILE, `# Generated from components/schema.ts by tests/cluster/istioGatewayCrd.ts (UPDATE_CRD=1 npm test).\n${stringify(expected)}`);
        assert.deepStrictEqual(parse(fs.readFileSync(CRD_FILE, "utf8")), expected, "stale: regenerate with UPDATE_CRD=1 npm test");
    });

    it("types every field and keeps the limits of the schema", () => {
        const spec = istioGatewayCrd().spec.versions[0].schema.openAPIV3Schema.properties.spec;
        assert.deepStrictEqual(spec.required, ["gatewayType", "clusterIds", "ports"]);
        assert.deepStrictEqual(spec.properties.gatewayType, { type: "string", enum: ["ingress", "egress", "cross-network"] });
        assert.deepStrictEqual(spec.properties.ports.items.properties.port, { type: "integer", minimum: 1, maximum: 65535 });
        assert.deepStrictEqual(spec.properties.podLabels, { type: "object", additionalProperties: { type: "string" } });
        assert.deepStrictEqual(spec.properties.affinity, { type: "object", "x-kubernetes-preserve-unknown-fields": true });
        assert.deepStrictEqual(spec.properties.env, { type: "array", items: { "x-kubernetes-preserve-unknown-fields": true } });
        assert.deepStrictEqual(spec.properties.rollingMaxSurge, { "x-kubernetes-int-or-string": true });
        assert.deepStrictEqual(spec.properties.clusterIds, { "x-kubernetes-preserve-unknown-fields": true });
    });

    it("maps each kind of node the way Kubernetes requires", () => {
        assert.deepStrictEqual(structural({ const: 3 }), { type: "integer", enum: [3] });
        assert.deepStrictEqual(structural({ enum: ["a", "b"] }), { type: "string", enum: ["a", "b"] });
        assert.deepStrictEqual(structural({ type: "object", properties: { a: { type: "string" } }, additionalProperties: false }), { type: "object", properties: { a: { type: "string" } } });
    });
});
