// Streaming the lines of access logs: line ends, a last line without one, an overlong line,
// gzip, directories, standard input, and inputs that cannot be read.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { gzipSync } from "zlib";
import { LogInputError, LogLine, linesOf, logSources, readLogLines } from "../../cli/logLines";

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
    const out: LogLine[] = [];
    for await (const l of lines) out.push(l);
    return out;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-loglines-"));

describe("access-log lines, streamed", () => {
    it("splits on LF and CRLF, across chunk boundaries, keeping a last line without a newline", async () => {
        const stream = Readable.from([Buffer.from("one\r\ntw"), Buffer.from("o\n\nthr"), Buffer.from("ee")]);
        assert.deepStrictEqual(await collect(linesOf("f", stream)), [
            { source: "f", line: 1, text: "one" },
            { source: "f", line: 2, text: "two" },
            { source: "f", line: 3, text: "" },
            { source: "f", line: 4, text: "three" },
        ]);
    });

    it("drops a line longer than the limit, holding none of it, and reads on", async () => {
        const stream = Readable.from([Buffer.from("ok\n"), Buffer.from("x".repeat(6)), Buffer.from("y".repeat(6)), Buffer.from("z\nnext\n"), Buffer.from("w".repeat(20))]);
        assert.deepStrictEqual(await collect(linesOf("f", stream, 10)), [
            { source: "f", line: 1, text: "ok" },
            { source: "f", line: 2 },
            { source: "f", line: 3, text: "next" },
            { source: "f", line: 4 },
        ]);
    });

    it("keeps a line of exactly the limit", async () => {
        assert.deepStrictEqual(await collect(linesOf("f", Readable.from([Buffer.from("abcde"), Buffer.from("fghij"), Buffer.from("\n")]), 10)), [{ source: "f", line: 1, text: "abcdefghij" }]);
    });

    it("reads an empty stream as no lines", async () => {
        assert.deepStrictEqual(await collect(linesOf("f", Readable.from([]))), []);
    });

    it("reads every file under a directory in name order, subdirectories too, gzip decompressed", async () => {
        const root = path.join(dir, "tree");
        fs.mkdirSync(path.join(root, "b"), { recursive: true });
        fs.writeFileSync(path.join(root, "c.log"), "c1\n");
        fs.writeFileSync(path.join(root, "a.log.gz"), gzipSync("a1\na2\n"));
        fs.writeFileSync(path.join(root, "b", "inner.log"), "b1");
        assert.deepStrictEqual(logSources(root), [path.join(root, "a.log.gz"), path.join(root, "b", "inner.log"), path.join(root, "c.log")]);
        assert.deepStrictEqual((await collect(readLogLines(root))).map((l) => `${path.relative(root, l.source)}:${l.line}:${l.text}`), ["a.log.gz:1:a1", "a.log.gz:2:a2", "b/inner.log:1:b1", "c.log:1:c1"]);
    });

    it("reads standard input for -", async () => {
        assert.deepStrictEqual(await collect(readLogLines("-", Readable.from([Buffer.from("s1\ns2\n")]))), [
            { source: "-", line: 1, text: "s1" },
            { source: "-", line: 2, text: "s2" },
        ]);
    });

    it("refuses a missing path and an empty directory, naming them", async () => {
        assert.throws(() => logSources(path.join(dir, "missing.log")), (e: unknown) => e instanceof LogInputError && e.message === `${path.join(dir, "missing.log")}: no such file or directory`);
        fs.mkdirSync(path.join(dir, "empty"));
        assert.throws(() => logSources(path.join(dir, "empty")), (e: unknown) => e instanceof LogInputError && e.message === `${path.join(dir, "empty")}: the directory holds no files`);
    });

    it("reports a file that breaks while read, with the line it got to", async () => {
        const file = path.join(dir, "broken.log.gz");
        fs.writeFileSync(file, Buffer.concat([gzipSync("l1\n"), Buffer.from("not gzip")]));
        await assert.rejects(collect(readLogLines(file)), (e: unknown) => e instanceof LogInputError && e.message.startsWith(`${file}: cannot be read after line `));
    });
});
