// An `up` interrupted mid-way, through the real engine and provider against the test API server:
// the API server frozen and thawed, killed and restarted, and the pulumi CLI itself killed; each
// with the state written after every step (the default) and once, at the end
// (PULUMI_SKIP_CHECKPOINTS=true). What a user is left with, and what the next `up` does, is what
// docs/performance.md says the setting costs.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { Manifest, MeshEgressArgs, buildEgressPlan } from "../../components/internal";
import { thirds } from "../support/scenarios";
import type { TestCluster } from "./cluster";
import { COMPONENT, cliRender, engineWithCluster, meshEgressProgram, writeConfigFile } from "./engine";
import { assertLiveEqualsRendered, objectOps } from "./ops";
import { EngineStack, Run } from "./stack";

/** Objects created before the fault. */
const AFTER = 10;

/** An up that calls `fault` once, when the engine reports the AFTER-th object created. */
function upWithFault(stack: EngineStack, fault: () => void): { run: Promise<Run>; fired: () => boolean } {
    let created = 0;
    let fired = false;
    const run = stack.up((e) => {
        const done = e.resOutputsEvent?.metadata;
        if (done && done.op === "create" && done.type.startsWith("kubernetes:") && !done.type.startsWith("pulumi:providers:")) created++;
        if (created === AFTER && !fired) {
            fired = true;
            fault();
        }
    });
    return { run, fired: () => fired };
}

/** The processes `pgrep` finds (none: an empty list). */
function pgrep(...args: string[]): number[] {
    try {
        return execFileSync("pgrep", args, { encoding: "utf8" }).trim().split("\n").map(Number);
    } catch {
        return [];
    }
}

/** The `pulumi` CLI processes this process started (the Automation API runs one per operation). */
function pulumiChildren(): number[] {
    return pgrep("-P", String(process.pid), "-x", "pulumi");
}

for (const skipCheckpoints of [false, true]) {
    const setting = skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true (state written once, at the end)" : "state written after every step";
    describe(`real engine: an interrupted up, ${setting}`, function () {
        this.timeout(600_000);
        let cluster: TestCluster;
        const tag = skipCheckpoints ? "skip" : "write";
        const argsFor = (gateway: string): MeshEgressArgs => ({ clusterIds: ["c-ack-1"], gateway: { name: gateway }, services: thirds(30), registryOnlyNamespaces: ["default"] });
        const idsOf = (args: MeshEgressArgs) => buildEgressPlan({ ...args, kubeconfig: "kc" }).objects.map((o) => o.id).sort();
        const stackFor = (args: MeshEgressArgs) => EngineStack.create(`${args.gateway!.name}`, meshEgressProgram(args, cluster.kubeconfig), {}, skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {});
        /** The objects of one gateway on the API server: each test has its own gateway name. */
        const liveOf = (gateway: string): Manifest[] => cluster.managedObjects().filter((m) => m.metadata.name === gateway || m.metadata.name.startsWith(`${gateway}-`));
        /** A test that failed half-way must not leave objects for the suites after it. */
        const removeLeftovers = (gateway: string): void => {
            const left = liveOf(gateway);
            if (left.length) cluster.kubectl(["delete", "--ignore-not-found", "-f", "-"], left.map((m) => JSON.stringify({ apiVersion: m.apiVersion, kind: m.kind, metadata: { name: m.metadata.name, namespace: m.metadata.namespace } })).join("\n---\n"));
        };
        const stateIds = async (stack: EngineStack) =>
            (await stack.stateResources())
                .filter((r) => r.startsWith("kubernetes:") && !r.startsWith("pulumi:providers:"))
                .map((r) => r.split("::")[1].slice(COMPONENT.length + 1))
                .sort();
        /** After recovery: every object live exactly as rendered, all in the state, and nothing left to do. */
        const assertRecovered = async (stack: EngineStack, args: MeshEgressArgs) => {
            assertLiveEqualsRendered(liveOf(args.gateway!.name!), cliRender(writeConfigFile(args)));
            assert.deepStrictEqual(await stateIds(stack), idsOf(args));
            assert.deepStrictEqual(Object.keys((await stack.preview()).changes), ["same"]);
        };

        before(function () {
            cluster = engineWithCluster(this);
            cluster.ensureNamespaces(["default"]);
        });

        it("the API server frozen mid-up for 5 s: up waits and finishes, and nothing is lost", async () => {
            const args = argsFor(`frozen-${tag}`);
            const stack = await stackFor(args);
            try {
                const up = upWithFault(stack, () => {
                    cluster.fault("freeze");
                    setTimeout(() => cluster.fault("thaw"), 5000);
                });
                await up.run;
                assert.ok(up.fired(), "the fault happened mid-up");
                await assertRecovered(stack, args);
                await stack.destroy();
            } finally {
                removeLeftovers(args.gateway!.name!);
                await stack.remove();
            }
        });

        it("the API server killed mid-up: up fails and keeps track of what it created; after a restart the next up creates only the rest", async () => {
            const args = argsFor(`killed-${tag}`);
            const stack = await stackFor(args);
            try {
                const up = upWithFault(stack, () => cluster.fault("kill-apiserver"));
                await assert.rejects(up.run);
                assert.ok(up.fired(), "the fault happened mid-up");
                cluster.fault("restart-apiserver");
                // A failed up still ends normally: the engine writes the state either way. A
                // request the API server carried out but never answered leaves its object live
                // and untracked; the next up's server-side apply adopts it. How many were in flight
                // when the server died depends on the engine's parallelism and the timing, so only
                // the direction is fixed: nothing tracked is missing from the server.
                const tracked = await stateIds(stack);
                const live = liveOf(args.gateway!.name!);
                assert.ok(tracked.length >= AFTER, `state holds ${tracked.length} objects`);
                assert.ok(live.length >= tracked.length, `${live.length} live, ${tracked.length} tracked`);
                const run = await stack.up();
                assert.deepStrictEqual(objectOps(run).create, idsOf(args).filter((id) => !tracked.includes(id)));
                await assertRecovered(stack, args);
                await stack.destroy();
            } finally {
                removeLeftovers(args.gateway!.name!);
                await stack.remove();
            }
        });

        it(`the pulumi CLI killed mid-up: ${skipCheckpoints ? "the state holds nothing it created, so a service dropped before the next up leaves its objects behind" : "the state holds what it created, so a service dropped before the next up takes its objects with it"}; after pulumi cancel the next up converges`, async () => {
            const args = argsFor(`cli-${tag}`);
            const stack = await stackFor(args);
            try {
                let killed: number[] = [];
                await assert.rejects(
                    upWithFault(stack, () => {
                        killed = pulumiChildren();
                        // Its plugins (the Kubernetes provider) die with it, as on a lost machine.
                        const plugins = killed.flatMap((pid) => pgrep("-P", String(pid)));
                        for (const pid of [...killed, ...plugins]) process.kill(pid, "SIGKILL");
                    }).run,
                );
                assert.strictEqual(killed.length, 1, "one pulumi CLI was running the up");
                const live = liveOf(args.gateway!.name!);
                assert.ok(live.length >= AFTER, `${live.length} objects live`);
                // The killed CLI left its lock; `pulumi cancel` removes it.
                await stack.cancel();
                const tracked = await stateIds(stack);
                if (skipCheckpoints) assert.deepStrictEqual(tracked, [], "nothing was written before the kill");
                // The state trails the events by the steps in flight.
                else assert.ok(tracked.length > 0 && tracked.length <= live.length, `state holds ${tracked.length} objects, ${live.length} live`);
                // The user drops a service whose ServiceEntry the killed up had created.
                const ownEntry = (svc: { name: string }) => live.find((m) => m.kind === "ServiceEntry" && m.metadata.name === `${args.gateway!.name}-${svc.name}`);
                const dropped = args.services.find((svc) => ownEntry(svc) && (skipCheckpoints || tracked.includes(`se-${svc.name}`)))!;
                const entry = ownEntry(dropped)!;
                const fewer = { ...args, services: args.services.filter((svc) => svc !== dropped) };
                // A shared object (a listener's Gateway, the SNI rule) the killed up wrote without the state
                // knowing it names the dropped service's hosts under another field manager: the next apply
                // without them conflicts (server-side apply). The person who drops the service removes
                // those first.
                const shared = new Map(buildEgressPlan({ ...args, kubeconfig: "kc" }).objects.filter((o) => !o.service).map((o) => [`${o.manifest.kind}/${o.manifest.metadata.name}`, o.id]));
                const stale = live.filter((m) => {
                    const id = shared.get(`${m.kind}/${m.metadata.name}`);
                    return id !== undefined && !tracked.includes(id) && dropped.hosts.some((h) => JSON.stringify(m.spec).includes(h));
                });
                for (const m of stale) cluster.kubectl(["delete", `${m.kind.toLowerCase()}s.v1beta1.networking.istio.io`, "-n", "istio-system", m.metadata.name]);
                stack.setProgram(meshEgressProgram(fewer, cluster.kubeconfig));
                const run = await stack.up();
                // Untracked objects are created again; the provider's server-side apply adopts the ones already there.
                assert.deepStrictEqual(objectOps(run).create, idsOf(fewer).filter((id) => !tracked.includes(id)));
                const stillLive = liveOf(args.gateway!.name!).some((m) => m.kind === "ServiceEntry" && m.metadata.name === entry.metadata.name);
                if (skipCheckpoints) {
                    // Nothing knew of it: it stays on the API server, and only a person can remove it.
                    assert.ok(stillLive, `${entry.metadata.name} is left behind`);
                    cluster.kubectl(["delete", "serviceentries.v1beta1.networking.istio.io", "-n", "istio-system", entry.metadata.name]);
                } else {
                    assert.ok(!stillLive, `${entry.metadata.name} was deleted with its service`);
                    assert.ok(objectOps(run).delete.includes(`se-${dropped.name}`));
                }
                await assertRecovered(stack, fewer);
                await stack.destroy();
            } finally {
                removeLeftovers(args.gateway!.name!);
                await stack.remove();
            }
        });
    });
}
