// Failed reads of adopted resources reach the user as errors of the component, not plain Errors.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { AdoptionError, readAdopted } from "../../components/adoption";
import { adoptedMeshKubeconfig } from "../../components/mesh";

class Holder extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Holder", name);
    }
}

describe("reading adopted resources", () => {
    const holder = new Holder("holder");

    it("returns what the reader returns", () => {
        assert.strictEqual(readAdopted(holder, () => adoptedMeshKubeconfig("p", "c-1", [{ id: "c-1", kubeConfig: "kc" }])), "kc");
    });

    it("turns an AdoptionError into a ResourceError of the resource, with the same message", () => {
        assert.throws(
            () => readAdopted(holder, () => adoptedMeshKubeconfig("p", "c-gone", [])),
            (e: unknown) => {
                assert.ok(e instanceof pulumi.ResourceError);
                assert.strictEqual(e.resource, holder);
                assert.strictEqual(e.message, 'MeshEgress "p": ASM instance "c-gone" was not found in this region; check meshId and the alicloud provider\'s region');
                return true;
            },
        );
    });

    it("lets any other error through as it is", () => {
        const bug = new TypeError("a bug");
        assert.throws(() => readAdopted(holder, () => { throw bug; }), (e: unknown) => e === bug);
        assert.ok(new AdoptionError("x") instanceof Error);
        assert.strictEqual(new AdoptionError("x").name, "AdoptionError");
    });
});
