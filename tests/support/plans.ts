// Building plans in tests and reaching into their objects by id.
import * as assert from "assert";
import { EgressPlan, ExternalServiceArgs, MeshEgressArgs, buildEgressPlan } from "../../components/internal";

/** The default gateway's in-cluster host. */
export const GW = "istio-egressgateway.istio-system.svc.cluster.local";

/** A plan for services on a kubeconfig-adopted mesh. */
export function plan(services: ExternalServiceArgs[], extra: Partial<MeshEgressArgs> = {}): EgressPlan {
    return buildEgressPlan({ kubeconfig: "kc", clusterIds: ["c1"], services, ...extra });
}

/** The spec of the object with this plan id; fails naming the ids there are. */
export function spec(p: EgressPlan, id: string): any {
    const found = p.objects.find((o) => o.id === id);
    assert.ok(found, `no ${id} in ${p.objects.map((o) => o.id).join(", ")}`);
    return found.manifest.spec;
}
