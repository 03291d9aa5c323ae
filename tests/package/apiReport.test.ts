// The public surface is pinned: api/mesh-egress.api.md lists what components/index.ts exports, and
// API Extractor (run by `npm run build`) fails when the two differ.
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../engine/binaries";

const REPORT = path.join(REPO_ROOT, "api", "mesh-egress.api.md");

/** The exported declarations a report lists, as `kind name`. */
function exportsOf(report: string): string[] {
    return [...report.matchAll(/^export (?:declare )?(class|interface|type|const|function|enum) (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`);
}

/** API Extractor as the build runs it (not local), comparing with the report in `reportFolder`. */
function extract(reportFolder: string): { succeeded: boolean; apiReportChanged: boolean } {
    const configFile = path.join(REPO_ROOT, "api-extractor.json");
    const configObject = ExtractorConfig.loadFile(configFile);
    configObject.apiReport = { ...configObject.apiReport!, enabled: true, reportFolder, reportTempFolder: fs.mkdtempSync(path.join(os.tmpdir(), "api-temp-")) };
    configObject.dtsRollup = { enabled: false };
    const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configFile, packageJsonFullPath: path.join(REPO_ROOT, "package.json") });
    const result = Extractor.invoke(config, { localBuild: false, messageCallback: (m) => (m.handled = true) });
    return { succeeded: result.succeeded, apiReportChanged: result.apiReportChanged };
}

describe("the public API report (api/mesh-egress.api.md)", function () {
    this.timeout(120_000);

    it("lists the component, its argument and output types, its type token and its errors, and nothing else", () => {
        assert.deepStrictEqual(exportsOf(fs.readFileSync(REPORT, "utf8")), [
            "interface AccessLogArgs",
            "interface AllowFromArgs",
            "interface AutoscalingArgs",
            "interface BypassProtectionArgs",
            "interface EgressIpArgs",
            "interface EgressNodePoolArgs",
            "interface ExternalServiceArgs",
            "interface Finding",
            "interface GatewayArgs",
            "interface GatewayListener",
            "interface GatewayResourcesArgs",
            "class GeneratedObjectsError",
            "const MESH_EGRESS_TYPE",
            "class MeshEgress",
            "interface MeshEgressArgs",
            "class MeshEgressInputError",
            "interface NewMeshArgs",
            "interface ObserveArgs",
            "type OutboundTrafficPolicy",
            "type PortProtocol",
            "interface Problem",
            "type RoutingMode",
            "type RoutingPath",
            "interface ServicePortArgs",
            "interface TlsOriginationArgs",
        ]);
        assert.ok(!/\(undocumented\)/.test(fs.readFileSync(REPORT, "utf8")), "every public declaration has a doc comment");
    });

    it("the build's check passes on the committed report and fails on one the surface no longer matches", () => {
        const committed = fs.mkdtempSync(path.join(os.tmpdir(), "api-report-"));
        fs.copyFileSync(REPORT, path.join(committed, "mesh-egress.api.md"));
        assert.deepStrictEqual(extract(committed), { succeeded: true, apiReportChanged: false });
        const stale = fs.mkdtempSync(path.join(os.tmpdir(), "api-report-"));
        fs.writeFileSync(path.join(stale, "mesh-egress.api.md"), fs.readFileSync(REPORT, "utf8").replace('export const MESH_EGRESS_TYPE = "mesh-egress:index:MeshEgress";\n', ""));
        assert.deepStrictEqual(extract(stale), { succeeded: false, apiReportChanged: true });
    });
});
