// Istio's own istioctl accepts everything we generate: `istioctl validate` and `istioctl analyze`
// on the rendered manifests of every example and every scenario, with no message at all.
import * as assert from "assert";
import * as fs from "fs";
import { buildEgressPlan } from "../../components/internal";
import { SCENARIOS, exampleFiles } from "../support/scenarios";
import { analyze, findIstioctl, tempDir, validate, writeScenario } from "../support/istioctl";

describe("istioctl", function () {
    this.timeout(180_000);
    const bin = findIstioctl();
    let dir: string;

    before(function () {
        if (!bin) {
            // CI must run these; elsewhere they need `bash scripts/install-istioctl.sh` first.
            if (process.env.CI) throw new Error("istioctl not found: .ci/run must build it (scripts/install-istioctl.sh)");
            this.skip();
        }
        dir = tempDir();
    });

    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const cases = [
        ...exampleFiles().map((e) => ({ name: `example-${e.name}`, args: e.args })),
        ...Object.entries(SCENARIOS).map(([name, args]) => ({ name: `scenario-${name}`, args })),
    ];

    for (const c of cases) {
        it(`validates and analyzes ${c.name} with no message`, () => {
            const file = writeScenario(dir, c.name, buildEgressPlan(c.args));
            const validated = validate(bin!, file);
            assert.strictEqual(validated.status, 0, validated.output);
            assert.match(validated.output, /is valid/);
            const analyzed = analyze(bin!, file);
            assert.strictEqual(analyzed.status, 0, analyzed.output);
            assert.match(analyzed.output, /No validation issues found/);
        });
    }

    it("sees a broken object, so a clean run means something", () => {
        const plan = buildEgressPlan(SCENARIOS.http);
        const vs = plan.objects.find((o) => o.id === "vs-aliyun-aliyun-com")!.manifest as any;
        vs.spec.http[0].route[0].destination.subset = "missing";
        const analyzed = analyze(bin!, writeScenario(dir, "broken", plan));
        assert.notStrictEqual(analyzed.status, 0);
        assert.match(analyzed.output, /IST0101/);
    });

    it("rejects an invalid object in validate", () => {
        const plan = buildEgressPlan(SCENARIOS["https-passthrough"]);
        const gw = plan.objects.find((o) => o.id === "gw-tls-443")!.manifest as any;
        gw.spec.servers[1].port.name = gw.spec.servers[0].port.name;
        const validated = validate(bin!, writeScenario(dir, "invalid", plan));
        assert.notStrictEqual(validated.status, 0);
        assert.match(validated.output, /duplicate name/);
    });
});
