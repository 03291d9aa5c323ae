// Every change through the real Pulumi engine and the real Kubernetes provider, against a real
// API server: preview, up, no-op preview and refresh, add/reorder/remove a service, opening and
// closing the mesh, bad input, secrets in the state, destroy.
import * as assert from "assert";
import { EgressPlan, Manifest, MeshEgressArgs, buildEgressPlan, manifestId } from "../../components/internal";
import type { TestCluster } from "./cluster";
import { cliRender, engineWithCluster, meshEgressProgram, writeConfigFile } from "./engine";
import { assertLiveEqualsRendered, expectedOps, isRegistryOnly, isRoute, objectId, objectOps, position } from "./ops";
import { ENGINE_SCENARIOS, NEW_LISTENER_SERVICE, SHARED_LISTENER_SERVICE, namespacesOf } from "./scenarios";
import { EngineStack, Run } from "./stack";

/** The same setup with the mesh open or closed (scoped REGISTRY_ONLY namespaces go with closed). */
function withPolicy(args: MeshEgressArgs, outboundTrafficPolicy: "ALLOW_ANY" | "REGISTRY_ONLY"): MeshEgressArgs {
    if (outboundTrafficPolicy === "REGISTRY_ONLY") return { ...args, outboundTrafficPolicy };
    const { registryOnlyNamespaces: _scoped, ...open } = args;
    return { ...open, outboundTrafficPolicy };
}

for (const scenario of ENGINE_SCENARIOS) {
    describe(`real engine, real provider, real API server: ${scenario.name}`, function () {
        this.timeout(600_000);
        let cluster: TestCluster;
        let stack: EngineStack;
        let current: EgressPlan;
        const outputs: string[] = [];

        const planOf = (args: MeshEgressArgs) => buildEgressPlan({ ...args, kubeconfig: "kc" });
        const deploy = async (args: MeshEgressArgs): Promise<{ run: Run; plan: EgressPlan }> => {
            stack.setProgram(meshEgressProgram(args, cluster.kubeconfig));
            const run = await stack.up();
            outputs.push(run.output);
            return { run, plan: planOf(args) };
        };

        before(async function () {
            cluster = engineWithCluster(this);
            current = planOf(scenario.args);
            cluster.ensureNamespaces(namespacesOf(current.objects.map((o) => o.manifest)));
            const slug = scenario.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().replace(/-+$/, "");
            stack = await EngineStack.create(slug, meshEgressProgram(scenario.args, cluster.kubeconfig));
        });

        after(async () => {
            await stack?.remove();
        });

        it("preview lists exactly the objects mesh-egress render lists, and creates nothing", async () => {
            const run = await stack.preview();
            outputs.push(run.output);
            const rendered = cliRender(writeConfigFile(scenario.args));
            const previewed = run.steps.filter((s) => s.phase === "pre" && objectId(s)).map((s) => s.inputs as unknown as Manifest);
            assert.deepStrictEqual(previewed.map(manifestId).sort(), rendered.map(manifestId).sort());
            for (const step of run.steps.filter((s) => s.phase === "pre" && objectId(s))) {
                assert.strictEqual(step.op, "create");
                const m = step.inputs as unknown as Manifest;
                assert.strictEqual(step.type, m.kind === "NetworkPolicy" ? "kubernetes:networking.k8s.io/v1:NetworkPolicy" : `kubernetes:${m.apiVersion}:${m.kind}`);
            }
            assert.deepStrictEqual(objectOps(run), expectedOps(undefined, current));
            assert.deepStrictEqual(cluster.managedObjects(), []);
            assert.deepStrictEqual(await stack.stateResources(), []);
        });

        it("up creates them in dependency order, and the API server holds exactly what render prints", async () => {
            const { run } = await deploy(scenario.args);
            assert.deepStrictEqual(objectOps(run), expectedOps(undefined, current));
            const routes = current.objects.map((o) => o.id).filter(isRoute);
            for (const closer of current.objects.map((o) => o.id).filter(isRegistryOnly)) {
                const start = position(run, "pre", closer, "create");
                for (const route of routes) assert.ok(position(run, "done", route, "create") < start, `${closer} created before route ${route} was done`);
            }
            for (const o of current.objects) {
                const start = position(run, "pre", o.id, "create");
                for (const dep of o.dependsOn) assert.ok(position(run, "done", dep, "create") < start, `${o.id} started before ${dep} was done`);
            }
            assertLiveEqualsRendered(cluster.managedObjects(), cliRender(writeConfigFile(scenario.args)));
            const out = await stack.stack.outputs();
            assert.strictEqual(out.gatewayHost.value, current.gatewayHost);
            assert.deepStrictEqual(out.listeners.value, current.listeners.map((l) => ({ name: l.name, port: l.port })));
            assert.deepStrictEqual(out.istioObjects.value, current.objects.filter((o) => o.cluster === "mesh").map((o) => manifestId(o.manifest)));
            assert.strictEqual(out.kubeconfig.secret, true, "kubeconfig output is a secret");
        });

        it("a second preview changes nothing and refresh finds no drift", async () => {
            const preview = await stack.preview();
            outputs.push(preview.output);
            assert.deepStrictEqual(Object.keys(preview.changes), ["same"], JSON.stringify(preview.changes));
            const refresh = await stack.refresh();
            outputs.push(refresh.output);
            assert.deepStrictEqual(Object.keys(refresh.changes), ["same"], JSON.stringify(refresh.changes));
        });

        it("bad input fails preview and up with every problem and its path, and leaves the state alone", async () => {
            const before = await stack.stateResources();
            const liveBefore = cluster.managedObjects();
            const bad: MeshEgressArgs = {
                ...scenario.args,
                services: [{ ...scenario.args.services[0], ports: [{ number: 70000, protocol: "HTTP" }] }, { ...scenario.args.services[0], hosts: [] }],
            };
            stack.setProgram(meshEgressProgram(bad, cluster.kubeconfig));
            const mentionsEveryProblem = (e: unknown) => {
                const text = String((e as Error).message ?? e);
                assert.match(text, /services\[0\]\.ports\[0\]\.number/);
                assert.match(text, /services\[1\]\.hosts/);
                assert.match(text, /services\[1\]\.name/, "the duplicate service name");
                return true;
            };
            await assert.rejects(stack.preview(), mentionsEveryProblem);
            await assert.rejects(stack.up(), mentionsEveryProblem);
            assert.deepStrictEqual(await stack.stateResources(), before);
            assert.deepStrictEqual(cluster.managedObjects(), liveBefore);
        });

        it("adding a service on a shared listener creates only its objects; the IstioGateway stays", async () => {
            const args = { ...scenario.args, services: [...scenario.args.services, SHARED_LISTENER_SERVICE] };
            const { run, plan } = await deploy(args);
            const expected = expectedOps(current, plan);
            assert.deepStrictEqual(objectOps(run), expected);
            assert.ok(expected.same.includes("gateway"), "the IstioGateway is unchanged");
            assert.ok(expected.create.every((id) => plan.objects.find((o) => o.id === id)!.service === SHARED_LISTENER_SERVICE.name));
            // The listener's shared Gateway gains the host by an update; no other service's object changes.
            assert.ok(expected.update.includes("gw-https-80"), JSON.stringify(expected));
            assert.ok(expected.update.every((id) => isRegistryOnly(id) || plan.objects.find((o) => o.id === id)!.service === undefined), JSON.stringify(expected));
            current = plan;
        });

        it("adding a service on a new port creates its objects and updates the IstioGateway", async () => {
            const args = { ...scenario.args, services: [...scenario.args.services, SHARED_LISTENER_SERVICE, NEW_LISTENER_SERVICE] };
            const { run, plan } = await deploy(args);
            const expected = expectedOps(current, plan);
            assert.deepStrictEqual(objectOps(run), expected);
            assert.ok(expected.update.includes("gateway"), "the IstioGateway gains the listener");
            assert.ok(plan.listeners.some((l) => l.port === 8088));
            // The new port is on the gateway Service before a Gateway server binds to it.
            assert.ok(position(run, "done", "gateway", "update") < position(run, "pre", "gw-https-8088", "create"));
            assert.ok(expected.update.every((id) => isRegistryOnly(id) || plan.objects.find((o) => o.id === id)!.service === undefined), JSON.stringify(expected));
            assertLiveEqualsRendered(cluster.managedObjects(), cliRender(writeConfigFile(args)));
            current = plan;
        });

        it("reordering the services changes nothing", async () => {
            const args = { ...scenario.args, services: [NEW_LISTENER_SERVICE, ...[...scenario.args.services].reverse(), SHARED_LISTENER_SERVICE] };
            stack.setProgram(meshEgressProgram(args, cluster.kubeconfig));
            const preview = await stack.preview();
            outputs.push(preview.output);
            assert.deepStrictEqual(Object.keys(preview.changes), ["same"], JSON.stringify(preview.changes));
        });

        it("removing a service deletes only its objects, each after nothing depends on it", async () => {
            const args = { ...scenario.args, services: [...scenario.args.services, SHARED_LISTENER_SERVICE] };
            const before = current;
            const { run, plan } = await deploy(args);
            const expected = expectedOps(before, plan);
            assert.deepStrictEqual(objectOps(run), expected);
            // Its own objects, and the Gateway of the listener only it used.
            const removed = before.objects.filter((o) => o.service === NEW_LISTENER_SERVICE.name || o.id === "gw-https-8088");
            assert.deepStrictEqual(expected.delete, removed.map((o) => o.id).sort());
            assert.ok((expected.update ?? []).every((id) => isRegistryOnly(id) || plan.objects.find((o) => o.id === id)!.service === undefined), JSON.stringify(expected));
            for (const o of removed) {
                const deleting = position(run, "pre", o.id, "delete");
                // What depended on it (the REGISTRY_ONLY objects, its routes) is updated or gone first.
                for (const dependent of before.objects.filter((d) => d.dependsOn.includes(o.id))) {
                    const op = expected.delete.includes(dependent.id) ? "delete" : undefined;
                    assert.ok(position(run, "done", dependent.id, op) < deleting, `${o.id} deleted before ${dependent.id} let go of it`);
                }
            }
            current = plan;
        });

        it("ALLOW_ANY to REGISTRY_ONLY on a live stack closes the mesh only after every route", async function () {
            const closers = current.objects.map((o) => o.id).filter(isRegistryOnly);
            if (scenario.args.outboundTrafficPolicy === "ALLOW_ANY" || closers.length === 0) this.skip();
            const args = { ...scenario.args, services: [...scenario.args.services, SHARED_LISTENER_SERVICE] };
            const open = await deploy(withPolicy(args, "ALLOW_ANY"));
            assert.deepStrictEqual(objectOps(open.run).delete, [...closers].sort());
            assert.deepStrictEqual(cluster.managedObjects().filter((m) => m.kind === "Sidecar"), []);
            const closed = await deploy(withPolicy(args, "REGISTRY_ONLY"));
            assert.deepStrictEqual(objectOps(closed.run).create, [...closers].sort());
            const routes = closed.plan.objects.map((o) => o.id).filter(isRoute);
            for (const closer of closers) {
                const start = position(closed.run, "pre", closer, "create");
                for (const route of routes) assert.ok(position(closed.run, "done", route) < start, `${closer} before ${route}`);
            }
            current = closed.plan;
        });

        it("never writes the kubeconfig in plain text to the state file or any output", async () => {
            const state = stack.stateFileText();
            assert.ok(state.length > 1000, "the state file is there");
            const caData = /certificate-authority-data: (\S+)/.exec(cluster.kubeconfig)![1];
            for (const secret of [cluster.token, caData]) {
                assert.ok(!state.includes(secret), "state file holds a kubeconfig secret in plain text");
                for (const output of outputs) assert.ok(!output.includes(secret), "engine output shows a kubeconfig secret");
            }
            // Pulumi's secret signature: the value is there, encrypted.
            assert.match(state, /"kubeconfig":\s*\{\s*"4dabf18193072939515e22adb298388d":\s*"1b47061264138c4ac30d75fd1eb44270",\s*"ciphertext"/);
        });

        it("destroy removes everything, the REGISTRY_ONLY objects first", async () => {
            const run = await stack.destroy();
            outputs.push(run.output);
            const ops = objectOps(run);
            assert.deepStrictEqual(ops.delete, current.objects.map((o) => o.id).sort());
            const closers = current.objects.map((o) => o.id).filter(isRegistryOnly);
            for (const closer of closers) {
                const gone = position(run, "done", closer, "delete");
                for (const other of current.objects.filter((o) => !isRegistryOnly(o.id) && o.cluster === "mesh")) {
                    assert.ok(gone < position(run, "pre", other.id, "delete"), `${other.id} deleted while ${closer} still closed the mesh`);
                }
            }
            assert.deepStrictEqual(cluster.managedObjects(), []);
            assert.deepStrictEqual(await stack.stateResources(), []);
        });
    });
}
