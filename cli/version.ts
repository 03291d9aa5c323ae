// The package's version, read from its package.json (two levels above the compiled bin/cli/), so
// `mesh-egress --version` names the release that is installed, in the repository and in a user's
// node_modules alike.
import * as fs from "fs";
import * as path from "path";

export function packageVersion(): string {
    const file = path.resolve(__dirname, "..", "..", "package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}
