// Envoy's RBAC semantics as cli/rbac.ts evaluates them: the policy example of Envoy's RBAC
// documentation (config.rbac.v3), the string matchers, and the order of DENY and ALLOW filters.
import * as assert from "assert";
import { RbacFilter, RbacRules, evaluateRbac, matchPermission, matchPrincipal, matchString } from "../../cli/rbac";

// Envoy's documented example: "service-admin" may do anything; "product-viewer" may GET /products
// on port 80 or 443 (here without method and path, which the gateway never matches on).
const ENVOY_EXAMPLE: RbacRules = {
    action: "ALLOW",
    policies: {
        "service-admin": {
            permissions: [{ any: true }],
            principals: [{ authenticated: { principalName: { exact: "cluster.local/ns/default/sa/admin" } } }, { authenticated: { principalName: { exact: "cluster.local/ns/default/sa/superuser" } } }],
        },
        "product-viewer": {
            permissions: [{ andRules: { rules: [{ header: { name: ":authority", stringMatch: { exact: "products.example" } } }, { orRules: { rules: [{ destinationPort: 80 }, { destinationPort: 443 }] } }] } }],
            principals: [{ any: true }],
        },
    },
};

describe("RBAC: Envoy's matching semantics", () => {
    it("allows Envoy's example admin anything, and anyone the products host on 80 or 443 only", () => {
        const filters: RbacFilter[] = [{ layer: "http", rules: ENVOY_EXAMPLE }];
        assert.deepStrictEqual(evaluateRbac(filters, { principal: "cluster.local/ns/default/sa/admin", host: "other.example", port: 9000 }), { authorized: true, policy: "http: service-admin" });
        assert.deepStrictEqual(evaluateRbac(filters, { host: "products.example", port: 443 }), { authorized: true, policy: "http: product-viewer" });
        assert.deepStrictEqual(evaluateRbac(filters, { host: "products.example", port: 8080 }), { authorized: false, policy: "http: no ALLOW policy matched" });
        assert.deepStrictEqual(evaluateRbac(filters, { principal: "cluster.local/ns/default/sa/guest", host: "other.example", port: 80 }), { authorized: false, policy: "http: no ALLOW policy matched" });
    });

    it("runs DENY before a later ALLOW, ignores LOG and filters without rules, and allows with no filter", () => {
        const deny: RbacFilter = { layer: "network", rules: { action: "DENY", policies: { "no-ci": { permissions: [{ any: true }], principals: [{ authenticated: { principalName: { safeRegex: { regex: ".*/ns/ci/.*" } } } }] } } } };
        const allow: RbacFilter = { layer: "network", rules: { policies: { all: { permissions: [{ destinationPort: 443 }], principals: [{ authenticated: {} }] } } } };
        const log: RbacFilter = { layer: "network", rules: { action: "LOG", policies: { none: { permissions: [{ any: true }], principals: [{ any: true }] } } } };
        const ci = { principal: "spiffe://cluster.local/ns/ci/sa/default", port: 443 };
        const web = { principal: "spiffe://cluster.local/ns/web/sa/default", port: 443 };
        assert.deepStrictEqual(evaluateRbac([log, deny, allow], ci), { authorized: false, policy: "network: no-ci" });
        assert.deepStrictEqual(evaluateRbac([log, deny, allow], web), { authorized: true, policy: "network: all" });
        assert.deepStrictEqual(evaluateRbac([allow], { port: 443 }), { authorized: false, policy: "network: no ALLOW policy matched" }, "no mTLS, no authenticated peer");
        assert.deepStrictEqual(evaluateRbac([{ layer: "http" }, log], web), { authorized: true, policy: "no RBAC filter decided" });
        assert.deepStrictEqual(evaluateRbac([], web), { authorized: true, policy: "no RBAC filter decided" });
    });

    it("matches strings exactly, by prefix, suffix, substring and full RE2-style regex, folding case on request", () => {
        assert.strictEqual(matchString({ exact: "a.example" }, "a.example"), true);
        assert.strictEqual(matchString({ exact: "a.example" }, "A.example"), false);
        assert.strictEqual(matchString({ exact: "a.example", ignoreCase: true }, "A.EXAMPLE"), true);
        assert.strictEqual(matchString({ prefix: "a.example:" }, "a.example:80"), true);
        assert.strictEqual(matchString({ prefix: "a.example:" }, "a.example"), false);
        assert.strictEqual(matchString({ suffix: ".example", ignoreCase: true }, "API.EXAMPLE"), true);
        assert.strictEqual(matchString({ suffix: ".example" }, "example"), false);
        assert.strictEqual(matchString({ contains: "/ns/ci/" }, "spiffe://cluster.local/ns/ci/sa/x"), true);
        assert.strictEqual(matchString({ safeRegex: { regex: ".*/ns/ci/.*" } }, "spiffe://cluster.local/ns/ci/sa/x"), true);
        assert.strictEqual(matchString({ safeRegex: { regex: "/ns/ci/" } }, "spiffe://cluster.local/ns/ci/sa/x"), false, "a full match, not a search");
        assert.strictEqual(matchString({ exact: "x" }, undefined), false);
        assert.throws(() => matchString({} as never, "x"), /unsupported string matcher \{\}/);
    });

    it("matches every permission kind Istio emits, and refuses one it does not know", () => {
        const req = { sni: "api.example", host: "api.example:8080", port: 8443 };
        assert.strictEqual(matchPermission({ requestedServerName: { exact: "api.example" } }, req), true);
        assert.strictEqual(matchPermission({ requestedServerName: { exact: "api.example" } }, { port: 1 }), false);
        assert.strictEqual(matchPermission({ destinationPortRange: { start: 8000, end: 8443 } }, req), false, "the end is exclusive");
        assert.strictEqual(matchPermission({ destinationPortRange: { start: 8000, end: 8444 } }, req), true);
        assert.strictEqual(matchPermission({ notRule: { destinationPort: 8443 } }, req), false);
        assert.strictEqual(matchPermission({ header: { name: ":authority", prefixMatch: "api.example:" } }, req), true);
        assert.strictEqual(matchPermission({ header: { name: ":authority", suffixMatch: ":8080" } }, req), true);
        assert.strictEqual(matchPermission({ header: { name: ":authority", exactMatch: "api.example" } }, req), false);
        assert.strictEqual(matchPermission({ header: { name: ":authority", containsMatch: "example" } }, req), true);
        assert.strictEqual(matchPermission({ header: { name: ":authority", safeRegexMatch: { regex: "api\\..*" } } }, req), true);
        assert.strictEqual(matchPermission({ header: { name: ":authority", presentMatch: true } }, { port: 1 }), false);
        assert.strictEqual(matchPermission({ header: { name: ":authority", stringMatch: { exact: "api.example:8080" }, invertMatch: true } }, req), false);
        assert.strictEqual(matchPermission({ header: { name: "x-other", presentMatch: false } }, req), true);
        assert.throws(() => matchPermission({ urlPath: { path: { exact: "/" } } }, req), /unsupported RBAC permission "urlPath"/);
        assert.throws(() => matchPermission({ any: true, destinationPort: 1 }, req), /exactly one matcher/);
        assert.throws(() => matchPermission({ header: { name: ":authority" } }, req), /unsupported header matcher/);
    });

    it("matches every principal kind Istio emits, and refuses one it does not know", () => {
        const req = { principal: "spiffe://cluster.local/ns/shop/sa/checkout", port: 80 };
        assert.strictEqual(matchPrincipal({ andIds: { ids: [{ authenticated: { principalName: { prefix: "spiffe://cluster.local/ns/shop/" } } }, { notId: { authenticated: { principalName: { suffix: "/sa/orders" } } } }] } }, req), true);
        assert.strictEqual(matchPrincipal({ orIds: { ids: [{ authenticated: { principalName: { exact: "spiffe://cluster.local/ns/shop/sa/orders" } } }] } }, req), false);
        assert.strictEqual(matchPrincipal({ authenticated: {} }, { port: 80 }), false);
        assert.strictEqual(matchPrincipal({ any: true }, { port: 80 }), true);
        assert.strictEqual(matchPrincipal({ header: { name: ":authority", presentMatch: true } }, { host: "a", port: 80 }), true);
        assert.throws(() => matchPrincipal({ remoteIp: { addressPrefix: "10.0.0.0", prefixLen: 8 } }, req), /unsupported RBAC principal "remoteIp"/);
    });

    it("tells AND from OR and NOT, counts a port range from its start, and reads Host under either name", () => {
        const req = { principal: "spiffe://cluster.local/ns/shop/sa/checkout", host: "a.example", port: 8000 };
        const yes = { authenticated: { principalName: { suffix: "/sa/checkout" } } };
        const no = { authenticated: { principalName: { suffix: "/sa/orders" } } };
        assert.strictEqual(matchPrincipal({ andIds: { ids: [yes, no] } }, req), false);
        assert.strictEqual(matchPrincipal({ orIds: { ids: [no, yes] } }, req), true);
        assert.strictEqual(matchPrincipal({ notId: no }, req), true);
        assert.strictEqual(matchPrincipal({ notId: yes }, req), false);
        assert.strictEqual(matchPermission({ andRules: { rules: [{ destinationPort: 8000 }, { destinationPort: 80 }] } }, req), false);
        assert.strictEqual(matchPermission({ orRules: { rules: [{ destinationPort: 80 }, { destinationPort: 8000 }] } }, req), true);
        assert.strictEqual(matchPermission({ notRule: { destinationPort: 80 } }, req), true);
        assert.strictEqual(matchPermission({ destinationPortRange: { start: 8000, end: 8001 } }, req), true);
        assert.strictEqual(matchPermission({ destinationPortRange: { start: 8001, end: 9000 } }, req), false);
        assert.strictEqual(matchPermission({ header: { name: "host", exactMatch: "a.example" } }, req), true);
        assert.strictEqual(matchPermission({ header: { name: ":authority", exactMatch: "a.example" } }, req), true);
        assert.strictEqual(matchPermission({ header: { name: ":path", exactMatch: "a.example" } }, req), false, "no other header is known at the gateway");
        for (const matcher of [{ prefixMatch: "a" }, { suffixMatch: "e" }, { containsMatch: "." }]) {
            assert.strictEqual(matchPermission({ header: { name: ":authority", ...matcher } }, { port: 80 }), false, `${JSON.stringify(matcher)} without a Host`);
        }
    });

    it("allows when any permission and any principal of a policy match, and names the first matching policy", () => {
        const rules: RbacRules = {
            policies: {
                "b-policy": { permissions: [{ destinationPort: 1 }, { destinationPort: 443 }], principals: [{ any: true }] },
                "a-policy": { permissions: [{ any: true }], principals: [{ authenticated: { principalName: { exact: "x" } } }, { any: true }] },
                "c-policy": { permissions: [{ destinationPort: 443 }], principals: [{ any: true }] },
            },
        };
        assert.deepStrictEqual(evaluateRbac([{ layer: "network", rules }], { port: 443 }), { authorized: true, policy: "network: a-policy" });
        const only: RbacRules = { policies: { "b-policy": rules.policies!["b-policy"] } };
        assert.deepStrictEqual(evaluateRbac([{ layer: "network", rules: only }], { port: 443 }), { authorized: true, policy: "network: b-policy" });
        assert.deepStrictEqual(evaluateRbac([{ layer: "http", rules: { action: "ALLOW" } }], { port: 443 }), { authorized: false, policy: "http: no ALLOW policy matched" }, "an ALLOW filter without policies refuses all");
        assert.deepStrictEqual(evaluateRbac([{ layer: "http", rules: { action: "DENY" } }], { port: 443 }), { authorized: true, policy: "no RBAC filter decided" });
    });
});
