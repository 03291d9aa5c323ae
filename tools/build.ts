// Build step (`npm run build`): derives the package schema from the TypeScript sources and writes
// it beside the compiled provider, which serves it as is (GetSchema is called on every preview),
// and writes the plugin launcher the Pulumi engine finds on PATH.
import * as fs from "fs";
import * as path from "path";
import { deriveSchema } from "./packageSchema";

const PLUGIN_EXECUTABLE = "pulumi-resource-mesh-egress";

const root = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string; description: string };
const k8s = JSON.parse(fs.readFileSync(require.resolve("@pulumi/kubernetes/package.json"), "utf8")) as { version: string };
const providerDir = path.join(root, "bin", "provider");
fs.writeFileSync(path.join(providerDir, "schema.json"), `${JSON.stringify(deriveSchema(root, pkg.version, k8s.version, pkg.description), null, 2)}\n`);

// The Node.js language host is not needed: the plugin is an executable that starts Node itself.
const pluginDir = path.join(providerDir, "plugin");
fs.mkdirSync(pluginDir, { recursive: true });
const launcher = path.join(pluginDir, PLUGIN_EXECUTABLE);
fs.writeFileSync(launcher, `#!/bin/sh\nexec node "$(dirname "$0")/../main.js" "$@"\n`);
fs.chmodSync(launcher, 0o755);
