// Object names from hosts: readable slugs, and a short hash of the host when the slug is too long.
// The expected hashes are the first six hex digits of `printf %s <host> | sha256sum`.
import * as assert from "assert";
import { hostSlug } from "../../components/naming";

describe("host slugs", () => {
    it("turns dots and other characters into single hyphens and lowercases", () => {
        assert.strictEqual(hostSlug("API.Example.com"), "api-example-com");
        assert.strictEqual(hostSlug("a_b..c.example"), "a-b-c-example");
        assert.strictEqual(hostSlug("a.example."), "a-example", "a fully qualified name's trailing dot leaves no trailing hyphen");
        assert.strictEqual(hostSlug("_a.example"), "a-example");
        assert.strictEqual(hostSlug("a.example--"), "a-example");
    });

    it("names a leading wildcard, and only a leading one", () => {
        assert.strictEqual(hostSlug("*.example.com"), "wildcard-example-com");
        assert.strictEqual(hostSlug("x.*.example"), "x-example");
    });

    it("keeps a slug of exactly the limit", () => {
        assert.strictEqual(hostSlug("abcdefghij.example", 18), "abcdefghij-example");
    });

    it("cuts a long slug, drops the hyphens it ends on and appends a hash of the original host", () => {
        assert.strictEqual(hostSlug("abcdefghij-abcdefghij-abcdefghi--x.example.com"), "abcdefghij-abcdefghij-abcdefghi-73eefe");
        assert.strictEqual(hostSlug("Payments-API.eu-central.some-long-external-provider.example.com"), "payments-api-eu-central-some-long-039edf");
        assert.strictEqual(hostSlug("Payments-API.eu-central.some-long-external-provider.example.com").length, 40);
    });
});
