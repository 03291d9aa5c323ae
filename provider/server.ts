// The component provider: serves the derived schema and builds MeshEgress on the engine's
// request (`construct`), so any Pulumi language can declare `mesh-egress:index:MeshEgress`.
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { MESH_EGRESS_TYPE as COMPONENT_TOKEN, MeshEgress, MeshEgressArgs, meshEgressOutputs } from "../components/internal";
import { inputArguments } from "../components/inputs";

const INPUT_ARGS = new Set(inputArguments());

interface OutputInternals {
    isKnown: Promise<boolean>;
    promise(): Promise<unknown>;
}

/**
 * Inputs arrive untyped: plain where known and not secret, Outputs otherwise. Known Outputs of
 * plain-only arguments are unwrapped; unknown ones stay Outputs, which validation then names.
 */
export async function argsFromInputs(inputs: pulumi.Inputs): Promise<MeshEgressArgs> {
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (!INPUT_ARGS.has(key) && pulumi.Output.isInstance(value)) {
            const internals = value as unknown as OutputInternals;
            args[key] = (await internals.isKnown) ? await internals.promise() : value;
        } else {
            args[key] = value;
        }
    }
    return args as unknown as MeshEgressArgs;
}

export class MeshEgressProvider implements provider.Provider {
    constructor(
        readonly version: string,
        readonly schema: string,
    ) {}

    async getSchema(): Promise<string> {
        return this.schema;
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
        if (type !== COMPONENT_TOKEN) throw new Error(`unknown resource type ${type}; this provider builds ${COMPONENT_TOKEN}`);
        const component = new MeshEgress(name, await argsFromInputs(inputs), options);
        return { urn: component.urn, state: meshEgressOutputs(component) as pulumi.Inputs };
    }
}
