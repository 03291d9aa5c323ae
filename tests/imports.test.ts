// The source tree has no import circle: each module can be read after the modules it imports.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const DIRS = ["components", "cli", "provider", "tools"];

/** Every relative import of a source file (type-only ones too), as repository paths. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const out: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/gms)) {
        const target = path.normalize(path.join(path.dirname(file), m[1]));
        out.push(fs.existsSync(path.join(ROOT, `${target}.ts`)) ? `${target}.ts` : path.join(target, "index.ts"));
    }
    return out;
}

function sourceGraph(): Map<string, string[]> {
    const files = DIRS.flatMap((d) => fs.readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith(".ts")).map((f) => path.join(d, f)));
    return new Map(files.map((f) => [f, importsOf(f)]));
}

/** Every circle a depth-first walk meets, each from its first module back to it. */
function cyclesIn(graph: Map<string, string[]>): string[][] {
    const found: string[][] = [];
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (f: string): void => {
        if (state.get(f) === "done") return;
        if (state.get(f) === "visiting") {
            found.push([...stack.slice(stack.indexOf(f)), f]);
            return;
        }
        state.set(f, "visiting");
        stack.push(f);
        for (const g of graph.get(f) ?? []) visit(g);
        stack.pop();
        state.set(f, "done");
    };
    [...graph.keys()].forEach(visit);
    return found;
}

describe("module structure", () => {
    it("has no import circle in components/, cli/ or provider/ (components/index.ts, the public surface, aside)", () => {
        assert.deepStrictEqual(cyclesIn(sourceGraph()).filter((c) => !c.includes(path.join("components", "index.ts"))), []);
    });

    it("finds a circle when there is one, as spec.ts and policy.ts once made", () => {
        const graph = new Map([
            ["plan.ts", ["policy.ts", "spec.ts"]],
            ["policy.ts", ["spec.ts"]],
            ["spec.ts", ["policy.ts", "validate.ts"]],
            ["validate.ts", []],
        ]);
        assert.deepStrictEqual(cyclesIn(graph), [["policy.ts", "spec.ts", "policy.ts"]]);
        assert.deepStrictEqual(cyclesIn(new Map([["a.ts", ["b.ts"]], ["b.ts", []]])), []);
        assert.deepStrictEqual(importsOf(path.join("components", "plan.ts")).includes(path.join("components", "policy.ts")), true);
    });
});
