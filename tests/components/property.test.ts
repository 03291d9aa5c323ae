// Property tests of the contract against Istio itself: generated valid arguments (every kind of
// traffic and option, both routing paths) plan with no finding, pass istioctl validate and
// analyze, and route every exit through the gateway with the right name and caller checks in
// Istio's generated configuration; generated broken arguments are refused with their path.
// A fixed seed and bounded counts keep CI short; MESH_EGRESS_PROPERTY_RUNS=<n> runs longer.
import * as assert from "assert";
import fc from "fast-check";
import * as fs from "fs";
import { MeshEgressInputError, buildEgressPlan, planFindings, validateArgs } from "../../components/internal";
import { judge } from "../../cli/verdict";
import { findSimulator, runSimulator, simulationFor } from "../../cli/runSimulator";
import { brokenArgs, validArgs } from "../support/arbitraries";
import { analyze, findIstioctl, tempDir, validate, writeScenario } from "../support/istioctl";

const SEED = 20261202;
const RUNS = Number(process.env.MESH_EGRESS_PROPERTY_RUNS ?? 0);
/** Plans are cheap: many of them. Istio's tools take a second or two each: a few dozen. */
const PLAN_RUNS = RUNS || 300;
const ISTIO_RUNS = RUNS || 60;

describe("property: generated arguments against the contract", function () {
    this.timeout(120_000);

    it(`plans ${PLAN_RUNS} valid inputs with no input problem and no analyzer or schema finding`, () => {
        fc.assert(
            fc.property(validArgs, (args) => {
                assert.deepStrictEqual(validateArgs(args), []);
                assert.deepStrictEqual(planFindings(buildEgressPlan(args)), []);
            }),
            { seed: SEED, numRuns: PLAN_RUNS },
        );
    });

    it(`refuses ${PLAN_RUNS} broken inputs with the broken path, and renders nothing`, () => {
        fc.assert(
            fc.property(brokenArgs, ({ args, path }) => {
                assert.throws(
                    () => buildEgressPlan(args as never),
                    (e: unknown) => e instanceof MeshEgressInputError && e.problems.some((p) => p.path === path),
                );
            }),
            { seed: SEED, numRuns: PLAN_RUNS },
        );
    });
});

describe("property: generated arguments against Istio's tools", function () {
    this.timeout(1_800_000);
    let istioctl: string | undefined;
    let simulator: string | undefined;
    let dir: string;

    before(function () {
        istioctl = findIstioctl();
        try {
            simulator = findSimulator();
        } catch {
            simulator = undefined;
        }
        if (!istioctl || !simulator) {
            const missing = !istioctl ? "istioctl (bash scripts/install-istioctl.sh)" : "the simulator (bash scripts/install-simulator.sh)";
            if (process.env.CI) throw new Error(`${missing} not found: .ci/run must build it`);
            process.stderr.write(`\n*** SKIPPED: property tests need ${missing}\n\n`);
            this.skip();
        }
        dir = tempDir();
    });

    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`istioctl accepts every object of ${ISTIO_RUNS} valid inputs, and Istio's generator routes and authorizes every exit as planned`, () => {
        let n = 0;
        fc.assert(
            fc.property(validArgs, (args) => {
                const plan = buildEgressPlan(args);
                const file = writeScenario(dir, `property-${n++}`, plan);
                const validated = validate(istioctl!, file);
                assert.strictEqual(validated.status, 0, validated.output);
                const analyzed = analyze(istioctl!, file);
                assert.strictEqual(analyzed.status, 0, analyzed.output);
                // ASM generates the routing objects of the policy path; only the Istio path is Istio's to simulate.
                if (plan.routing.path !== "istio") return;
                const simulation = simulationFor(plan);
                const verdict = judge(simulation, runSimulator(simulation, simulator).results);
                const wrong = verdict.calls.filter((c) => !c.ok);
                assert.deepStrictEqual(wrong, [], JSON.stringify(wrong.slice(0, 3), null, 2));
            }),
            { seed: SEED, numRuns: ISTIO_RUNS },
        );
    });
});
