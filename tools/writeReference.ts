// `npm run docs`: writes docs/reference.md from the schema the build derived.
import * as fs from "fs";
import * as path from "path";
import type { PackageSchema } from "./packageSchema";
import { referenceMarkdown } from "./reference";

const root = path.resolve(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "bin", "provider", "schema.json"), "utf8")) as PackageSchema;
fs.mkdirSync(path.join(root, "docs"), { recursive: true });
fs.writeFileSync(path.join(root, "docs", "reference.md"), referenceMarkdown(schema));
