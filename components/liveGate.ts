// The component's live checks (`liveChecks`, on by default where the lock is a root Sidecar): before any object goes to the mesh API server,
// preview included, the mesh is read and judged against the plan (liveChecks.ts). Every mesh
// object's metadata waits on the gate, so an error stops the rollout before its first object.
import * as pulumi from "@pulumi/pulumi";
import { LiveFinding, liveFindings } from "./liveChecks";
import type { KubeconfigSource } from "./liveMesh";
import { LiveReadError } from "./liveReadError";
import type { Manifest } from "./manifest";
import type { EgressPlan } from "./plan";

/** Reads the mesh a kubeconfig names (the real reader; tests pass their own). */
export type MeshReader = (source: KubeconfigSource) => Promise<Manifest[]>;

// Loaded on first use: the Kubernetes client is large, and most programs never read the mesh.
const readMesh: MeshReader = async (source) => {
    const { loadKubeconfig, readLiveMesh } = await import("./liveMesh");
    return readLiveMesh(loadKubeconfig(source));
};

/** Thrown when the live mesh holds objects that undo the plan, or cannot be read. */
export class LiveMeshError extends Error {
    constructor(
        subject: string,
        readonly findings: LiveFinding[],
        reason?: string,
    ) {
        super(
            reason
                ? `${subject}: liveChecks cannot read the mesh: ${reason}; fix the access, or set liveChecks: false to skip the checks`
                : [`${subject}: the mesh already holds objects that undo this plan (nothing was created):`, ...findings.map((f) => `  - ${f.code} ${f.object}: ${f.message}`)].join("\n"),
        );
        this.name = "LiveMeshError";
    }
}

/**
 * Whether the component reads the mesh: as `liveChecks` says, and where it is unset, exactly when
 * the REGISTRY_ONLY lock is a root Sidecar, which any namespace's own Sidecar escapes unseen, and
 * the kubeconfig is known to name the mesh: read from ASM (a mesh adopted by id), or the one the
 * component's own provider uses. Beside a Kubernetes provider passed in (which may only render
 * YAML), a `kubeconfig` argument need not name any server.
 */
export function liveChecksOn(setting: boolean | undefined, plan: EgressPlan, ownMeshProvider: boolean): boolean {
    const kubeconfigIsTheMesh = ownMeshProvider || plan.spec.meshMode === "id";
    return setting ?? (kubeconfigIsTheMesh && plan.spec.outboundPolicyVia === "sidecar");
}

interface OutputInternals<T> {
    isKnown: Promise<boolean>;
    promise(): Promise<T>;
}

/**
 * An Output that resolves once the live mesh is judged clean (warnings are logged on `resource`),
 * and rejects with a LiveMeshError otherwise. Undefined for a new mesh, which holds nothing yet.
 * A kubeconfig unknown at preview skips the checks there, said once, and leaves every object's
 * preview as it is; the update, where the kubeconfig is known, runs them.
 */
export function liveCheckGate(resource: pulumi.Resource, subject: string, plan: EgressPlan, kubeconfig: pulumi.Output<string>, read: MeshReader = readMesh): pulumi.Output<true> | undefined {
    if (plan.spec.newMesh) return undefined;
    const internals = kubeconfig as unknown as OutputInternals<string>;
    const judged = internals.isKnown.then(async (known): Promise<true> => {
        if (!known) {
            pulumi.log.warn(`${subject}: liveChecks skipped at preview: the mesh's kubeconfig is not known yet; they run at update`, resource);
            return true;
        }
        let live: Manifest[];
        try {
            live = await read({ text: await internals.promise() });
        } catch (e) {
            if (!(e instanceof LiveReadError)) throw e;
            throw new LiveMeshError(subject, [], e.message);
        }
        const findings = liveFindings(plan, live);
        for (const f of findings.filter((x) => x.severity === "warning")) pulumi.log.warn(`${subject}: ${f.code} ${f.object}: ${f.message}`, resource);
        const errors = findings.filter((f) => f.severity === "error");
        if (errors.length) throw new LiveMeshError(subject, errors);
        return true;
    });
    return pulumi.output(judged);
}
