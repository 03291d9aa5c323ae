// What is read about adopted resources (a mesh, a NAT gateway, EIPs) can be missing or unfit.
// The pure readers throw AdoptionError; the component turns it into an error of itself, so the
// engine reports it against the component's URN like every other error a user sees.
import * as pulumi from "@pulumi/pulumi";

/** Something adopted by id was not found, or is not what the component needs. */
export class AdoptionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AdoptionError";
    }
}

/** Runs a reader inside an `apply`; an AdoptionError becomes a ResourceError of `resource`. */
export function readAdopted<T>(resource: pulumi.Resource, read: () => T): T {
    try {
        return read();
    } catch (e) {
        if (e instanceof AdoptionError) throw new pulumi.ResourceError(e.message, resource);
        throw e;
    }
}
