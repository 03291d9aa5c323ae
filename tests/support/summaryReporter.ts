// Mocha's spec reporter plus one closing line, "N passed, N failed", that CI logs can read.
import * as Mocha from "mocha";

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const stats = runner.stats!;
            const skipped = stats.pending ? `, ${stats.pending} skipped` : "";
            process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`);
        });
    }
}

export = SummaryReporter;
