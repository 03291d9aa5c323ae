// One error for every bad input: problems are collected, then reported together.

/** A bad input: where it is (`services[1].ports[0].number`) and what would be valid. */
export interface Problem {
    /** The input's path: `services[1].ports[0].number`. */
    path: string;
    /** What is wrong, and what would be valid. */
    message: string;
}

/** Collects problems under a path prefix while a validator walks the input. */
export class ProblemList {
    readonly items: Problem[] = [];

    add(path: string, message: string): void {
        this.items.push({ path, message });
    }
}

export function formatProblems(subject: string, problems: Problem[]): string {
    const count = problems.length === 1 ? "1 invalid input" : `${problems.length} invalid inputs`;
    const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
    return [`${subject} has ${count}:`, ...lines].join("\n");
}

/** Thrown before anything is created when the input cannot work. */
export class MeshEgressInputError extends Error {
    constructor(
        /** What was checked: `MeshEgress "prod"`, or a config file. */
        readonly subject: string,
        /** Every problem found, each with its path. */
        readonly problems: Problem[],
    ) {
        super(formatProblems(subject, problems));
        this.name = "MeshEgressInputError";
    }
}
