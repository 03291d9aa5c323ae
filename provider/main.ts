#!/usr/bin/env node
// Entry point of the `pulumi-resource-mesh-egress` plugin (the engine starts it with its address).
import * as provider from "@pulumi/pulumi/provider";
import * as fs from "fs";
import * as path from "path";
import { MeshEgressProvider } from "./server";

const schema = fs.readFileSync(path.join(__dirname, "schema.json"), "utf8");
const { version } = JSON.parse(schema) as { version: string };
provider.main(new MeshEgressProvider(version, schema), process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
});
