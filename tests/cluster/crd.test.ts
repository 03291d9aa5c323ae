import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { asmEgressTrafficPolicyCrd, istioGatewayCrd, structural } from "./istioGatewayCrd";

const CLUSTER_DIR = path.resolve(__dirname, "..", "..", "..", "tests", "cluster");

describe("ASM CRDs of the test mesh API server", () => {
    for (const [file, crd] of [["istiogateway-crd.yaml", istioGatewayCrd], ["asmegresstrafficpolicy-crd.yaml", asmEgressTrafficPolicyCrd]] as const) {
        it(`${file} is the committed file, derived from the schema the component validates against`, () => {
            const expected = crd();
            const target = path.join(CLUSTER_DIR, file);
            if (process.env.UPDATE_CRD === "1") fs.writeFileSync(target, `# Generated from components/schema.ts by tests/cluster/istioGatewayCrd.ts (UPDATE_CRD=1 npm test).\n${stringify(expected)}`);
            assert.deepStrictEqual(parse(fs.readFileSync(target, "utf8")), expected, "stale: regenerate with UPDATE_CRD=1 npm test");
        });
    }

    it("types the policy's fields and keeps its limits", () => {
        const crd = asmEgressTrafficPolicyCrd();
        assert.strictEqual(crd.metadata.name, "asmegresstrafficpolicies.istio.alibabacloud.com");
        assert.deepStrictEqual(crd.spec.names, { kind: "ASMEgressTrafficPolicy", listKind: "ASMEgressTrafficPolicyList", plural: "asmegresstrafficpolicies", singular: "asmegresstrafficpolicy" });
        const to = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.egressRules.items.properties.to.items;
        assert.deepStrictEqual(to.required, ["name", "hosts", "port", "byEgressGateway"]);
        assert.deepStrictEqual(to.properties.hosts, { type: "array", minItems: 1, maxItems: 50, items: { type: "string", minLength: 1 } });
        assert.deepStrictEqual(to.properties.port.properties.protocol, { type: "string", enum: ["HTTP", "HTTPS", "TLS"] });
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
