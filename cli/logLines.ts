// The lines of access-log files, streamed: a file, every file under a directory (sorted; `.gz`
// decompressed), or standard input (`-`). Memory stays bounded whatever the input: a line longer
// than the limit is dropped (reported as such), never held whole.
import * as fs from "fs";
import * as path from "path";
import type { Readable } from "stream";
import { createGunzip } from "zlib";

export interface LogLine {
    /** The file (or `-`) and the line number in it, from 1. */
    source: string;
    line: number;
    /** Undefined when the line was longer than the limit and dropped. */
    text?: string;
}

/** The input cannot be read at all: a missing path, a directory without files, an unreadable file. */
export class LogInputError extends Error {}

/** Lines longer than this are dropped: no access-log line comes near it. */
export const MAX_LINE_BYTES = 1 << 20;

function filesUnder(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...filesUnder(full));
        else if (entry.isFile()) out.push(full);
    }
    return out;
}

/** The files a `--logs` argument names, in reading order. */
export function logSources(target: string): string[] {
    if (target === "-") return ["-"];
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch {
        throw new LogInputError(`${target}: no such file or directory`);
    }
    if (!stat.isDirectory()) return [target];
    const files = filesUnder(target);
    if (files.length === 0) throw new LogInputError(`${target}: the directory holds no files`);
    return files;
}

function open(source: string, stdin: Readable): Readable {
    if (source === "-") return stdin;
    const stream = fs.createReadStream(source);
    return source.endsWith(".gz") ? stream.pipe(createGunzip()) : stream;
}

/** Splits one stream into lines, holding at most `maxLineBytes` of an unfinished line. */
export async function* linesOf(source: string, stream: Readable, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<LogLine> {
    let parts: Buffer[] = [];
    let held = 0;
    let overlong = false;
    let line = 0;
    const finish = (last: Buffer): LogLine => {
        line++;
        if (overlong) return { source, line };
        const text = Buffer.concat([...parts, last]).toString("utf8");
        return { source, line, text: text.endsWith("\r") ? text.slice(0, -1) : text };
    };
    try {
        for await (const chunk of stream) {
            let buf = chunk as Buffer;
            let nl: number;
            while ((nl = buf.indexOf(10)) >= 0) {
                yield finish(buf.subarray(0, nl));
                parts = [];
                held = 0;
                overlong = false;
                buf = buf.subarray(nl + 1);
            }
            if (overlong || buf.length === 0) continue;
            if (held + buf.length > maxLineBytes) {
                overlong = true;
                parts = [];
                held = 0;
            } else {
                // Copied: a chunk's buffer may be reused once it is handed on.
                parts.push(Buffer.from(buf));
                held += buf.length;
            }
        }
    } catch (e) {
        throw new LogInputError(`${source}: cannot be read after line ${line}: ${(e as Error).message}`);
    }
    if (held > 0 || overlong) yield finish(Buffer.alloc(0));
}

/** Every line of every source a `--logs` argument names. */
export async function* readLogLines(target: string, stdin: Readable = process.stdin, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<LogLine> {
    for (const source of logSources(target)) yield* linesOf(source, open(source, stdin), maxLineBytes);
}
