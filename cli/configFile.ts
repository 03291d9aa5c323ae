// Reads MeshEgress arguments from a YAML or JSON file, keeping line numbers for every problem.
import * as fs from "fs";
import { LineCounter, isMap, isSeq, parseDocument, type Node } from "yaml";
import type { MeshEgressArgs } from "../components/args";
import type { Problem } from "../components/problems";
import { validateArgs } from "../components/validate";

export interface FileProblem extends Problem {
    line?: number;
}

export interface LoadedConfig {
    file: string;
    args?: MeshEgressArgs;
    /** The file could not be read or parsed at all (exit code 2 in the CLI). */
    unusable: boolean;
    problems: FileProblem[];
}

/** Splits `services[1].ports[0].number` into `["services", 1, "ports", 0, "number"]`. */
function pathSegments(path: string): (string | number)[] {
    const out: (string | number)[] = [];
    for (const part of path.split(/\.(?![^[]*\])/)) {
        const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
        if (!m) return out;
        if (m[1]) out.push(m[1]);
        for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
    }
    return out;
}

/** The line of the deepest node of `path` present in the document. */
function lineOf(root: Node | null, path: string, counter: LineCounter): number | undefined {
    let node: unknown = root;
    let line: number | undefined;
    const at = (n: unknown): void => {
        const range = (n as { range?: [number, number, number] } | undefined)?.range;
        if (range) line = counter.linePos(range[0]).line;
    };
    at(node);
    for (const segment of pathSegments(path)) {
        if (typeof segment === "number" && isSeq(node)) {
            node = node.items[segment];
        } else if (typeof segment === "string" && isMap(node)) {
            const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
            if (!pair) break;
            at(pair.key);
            node = pair.value;
        } else {
            break;
        }
        if (node) at(node);
    }
    return line;
}

/** Parses and validates a config file with the component's own checks. */
export function loadConfigFile(file: string): LoadedConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        return { file, unusable: true, problems: [{ path: file, message: `cannot be read: ${(e as Error).message}` }] };
    }
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        return {
            file,
            unusable: true,
            problems: doc.errors.map((e) => ({ path: file, line: counter.linePos(e.pos[0]).line, message: `is not valid YAML/JSON: ${e.message.split("\n")[0]}` })),
        };
    }
    const args = doc.toJS() as unknown;
    if (args === null || typeof args !== "object" || Array.isArray(args)) {
        return { file, unusable: true, problems: [{ path: file, message: "must contain a mapping of MeshEgress arguments (clusterIds, services, ...)" }] };
    }
    const problems = validateArgs(args).map((p) => ({ ...p, line: lineOf(doc.contents, p.path, counter) }));
    return { file, args: args as MeshEgressArgs, unusable: false, problems };
}

export function formatFileProblem(file: string, p: FileProblem): string {
    return `${file}${p.line ? `:${p.line}` : ""}: ${p.path === file ? "" : `${p.path}: `}${p.message}`;
}

/** For programs (the root Pulumi program): the arguments, or one error listing every problem. */
export function readArgsFile(file: string): MeshEgressArgs {
    const loaded = loadConfigFile(file);
    if (loaded.problems.length > 0 || !loaded.args) {
        const count = loaded.problems.length === 1 ? "1 problem" : `${loaded.problems.length} problems`;
        throw new Error([`${file} has ${count}:`, ...loaded.problems.map((p) => `  - ${formatFileProblem(file, p)}`)].join("\n"));
    }
    return loaded.args;
}
