// ASM's two custom resources against their schemas: each rule of the schema refuses the object
// broken on purpose, with every error listed (one preview shows every problem).
import * as assert from "assert";
import { Manifest, buildEgressPlan, schemaFindings } from "../../components/internal";
import { SCENARIOS } from "../support/scenarios";

function asmObject(kind: "IstioGateway" | "ASMEgressTrafficPolicy"): any {
    const origination = { name: "pay", hosts: ["api.pay.example"], ports: [{ number: 80, protocol: "HTTP" as const, tlsOrigination: {} }] };
    const args = kind === "IstioGateway" ? SCENARIOS.http : { ...SCENARIOS.http, services: [origination], routing: "asmEgressTrafficPolicy" as const };
    const found = buildEgressPlan(args).objects.find((o) => o.manifest.kind === kind);
    assert.ok(found, `no ${kind}`);
    return structuredClone(found.manifest);
}

function messages(m: Manifest): string[] {
    return schemaFindings([m]).map((f) => f.message.replace("Schema validation error: ", ""));
}

type Case = [string, (o: any) => void, string[]];

const GATEWAY_CASES: Case[] = [
    ["is valid as generated", () => undefined, []],
    ["needs apiVersion, spec and a namespace, reported at the root", (o) => { delete o.apiVersion; delete o.metadata.namespace; delete o.spec; }, [
        "/ must have required property 'apiVersion'", "/ must have required property 'spec'", "/metadata must have required property 'namespace'",
    ]],
    ["needs ASM's apiVersion", (o) => { o.apiVersion = "networking.istio.io/v1beta1"; }, ["/apiVersion must be equal to constant"]],
    ["needs a name", (o) => { delete o.metadata.name; }, ["/metadata must have required property 'name'"]],
    ["takes clusterIds as a non-empty list of non-empty ids, or one string", (o) => { o.spec.clusterIds = [""]; }, [
        "/spec/clusterIds/0 must NOT have fewer than 1 characters", "/spec/clusterIds must be string", "/spec/clusterIds must match a schema in anyOf",
    ]],
    ["takes one clusterId as a string", (o) => { o.spec.clusterIds = "c-1"; }, []],
    ["refuses a number for clusterIds", (o) => { o.spec.clusterIds = 7; }, ["/spec/clusterIds must be array", "/spec/clusterIds must be string", "/spec/clusterIds must match a schema in anyOf"]],
    ["takes a rolling-update surge as a whole number or a percentage", (o) => { o.spec.rollingMaxSurge = "25%"; o.spec.rollingMaxUnavailable = 1; }, []],
    ["refuses a surge that is neither", (o) => { o.spec.rollingMaxSurge = "25"; }, [
        "/spec/rollingMaxSurge must be integer", '/spec/rollingMaxSurge must match pattern "^[0-9]+%$"', "/spec/rollingMaxSurge must match a schema in anyOf",
    ]],
    ["refuses unknown fields in a port", (o) => { o.spec.ports[0].hostPort = 8080; }, ["/spec/ports/0 must NOT have additional properties (hostPort)"]],
    ["refuses unknown fields in cpu, resources and readinessProbe", (o) => {
        o.spec.cpu = { targetAverageUtilization: 80, target: 1 };
        o.spec.resources = { requests: { cpu: "1" }, request: {} };
        o.spec.readinessProbe = { periodSeconds: 2, period: 2 };
    }, [
        "/spec/cpu must NOT have additional properties (target)", "/spec/resources must NOT have additional properties (request)", "/spec/readinessProbe must NOT have additional properties (period)",
    ]],
];

const POLICY_CASES: Case[] = [
    ["is valid as generated", () => undefined, []],
    ["needs apiVersion, spec and a namespace", (o) => { delete o.apiVersion; delete o.metadata.namespace; delete o.spec; }, [
        "/ must have required property 'apiVersion'", "/ must have required property 'spec'", "/metadata must have required property 'namespace'",
    ]],
    ["needs ASM's apiVersion, a name and istio-egress", (o) => { o.apiVersion = "v1"; delete o.metadata.name; o.metadata.namespace = "istio-system"; }, [
        "/apiVersion must be equal to constant", "/metadata must have required property 'name'", "/metadata/namespace must be equal to constant",
    ]],
    ["refuses unknown fields at every level", (o) => {
        o.spec.extra = 1;
        o.spec.byEgressGateway.namespace = "istio-system";
        o.spec.egressRules[0].extra = 1;
        o.spec.egressRules[0].from[0].extra = 1;
        o.spec.egressRules[0].to[0].extra = 1;
        o.spec.egressRules[0].to[0].port.extra = 1;
        o.spec.egressRules[0].to[0].byEgressGateway.extra = 1;
        o.spec.egressRules[0].to[0].httpsUpgrade.extra = 1;
    }, [
        "/spec must NOT have additional properties (extra)",
        "/spec/byEgressGateway must NOT have additional properties (namespace)",
        "/spec/egressRules/0 must NOT have additional properties (extra)",
        "/spec/egressRules/0/from/0 must NOT have additional properties (extra)",
        "/spec/egressRules/0/to/0 must NOT have additional properties (extra)",
        "/spec/egressRules/0/to/0/port must NOT have additional properties (extra)",
        "/spec/egressRules/0/to/0/byEgressGateway must NOT have additional properties (extra)",
        "/spec/egressRules/0/to/0/httpsUpgrade must NOT have additional properties (extra)",
    ]],
    ["takes at most 50 hosts per destination", (o) => { o.spec.egressRules[0].to[0].hosts = Array.from({ length: 51 }, (_, i) => `h${i}.example`); }, ["/spec/egressRules/0/to/0/hosts must NOT have more than 50 items"]],
];

describe("ASM schemas", () => {
    for (const [kind, cases] of [["IstioGateway", GATEWAY_CASES], ["ASMEgressTrafficPolicy", POLICY_CASES]] as const) {
        describe(kind, () => {
            for (const [title, breakIt, expected] of cases) {
                it(title, () => {
                    const o = asmObject(kind);
                    breakIt(o);
                    assert.deepStrictEqual(messages(o), expected);
                });
            }
        });
    }
});
