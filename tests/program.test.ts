// The root Pulumi program (index.ts) under mocks: it reads the same config file the CLI reads
// and builds the same objects.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildEgressPlan } from "../components/internal";
import { readArgsFile } from "../cli/configFile";
import { registered } from "./support/harness";

const ROOT = path.resolve(__dirname, "..", "..");

describe("root program", () => {
    it("refuses a stack kubeconfig on top of a file that adopts the mesh by id", async () => {
        const file = path.join(ROOT, "examples", "mixed", "egress.yaml");
        const fromFile = readArgsFile(file);
        pulumi.runtime.setAllConfig(
            { "mesh-egress:configFile": file, "mesh-egress:kubeconfig": "apiVersion: v1\nkind: Config\n" },
            ["mesh-egress:kubeconfig"],
        );
        // The file adopts the mesh by id; a kubeconfig too would be two mesh modes.
        let error: unknown;
        try {
            await import("../index");
        } catch (e) {
            error = e;
        }
        assert.ok(error, "meshId in the file plus a kubeconfig in config must be refused");
        assert.match(String((error as Error).message), /meshId and kubeconfig are set together/);
        assert.ok(fromFile.meshId);
    });

    it("builds the plan of the file when the stack gives no kubeconfig", async () => {
        // The seed adopts a mesh under REGISTRY_ONLY, where live checks read the mesh by default; no mesh answers under mocks.
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mesh-egress-program-")), "egress.yaml");
        fs.writeFileSync(file, `${fs.readFileSync(path.join(ROOT, "examples", "aliyun", "egress.yaml"), "utf8")}\nliveChecks: false\n`);
        pulumi.runtime.setAllConfig({ "mesh-egress:configFile": file }, []);
        delete require.cache[require.resolve("../index")];
        const program = await import("../index");
        const objects = await new Promise<string[]>((resolve) => program.istioObjects.apply(resolve));
        const expected = buildEgressPlan(readArgsFile(file)).objects.map((o) => `${o.manifest.kind}/${o.manifest.metadata.namespace}/${o.manifest.metadata.name}`);
        assert.deepStrictEqual(objects, expected);
        assert.strictEqual(await new Promise((resolve) => program.gatewayHost.apply(resolve)), "istio-egressgateway.istio-system.svc.cluster.local");
        for (let i = 0; i < 200 && !registered.has("test-vs-aliyun-aliyun-com"); i++) await new Promise((r) => setTimeout(r, 5));
        assert.strictEqual(registered.get("test-gateway")?.type, "kubernetes:istio.alibabacloud.com/v1beta1:IstioGateway");
        pulumi.runtime.setAllConfig({}, []);
    });

    it("reads the arguments from structured stack config when no file is named", async () => {
        const args = { kubeconfig: "apiVersion: v1\nkind: Config\n", clusterIds: ["c-1"], services: [{ name: "status", hosts: ["status.example.com"], ports: [{ number: 80, protocol: "HTTP" }] }] };
        pulumi.runtime.setAllConfig({ "mesh-egress:meshEgress": JSON.stringify(args) }, []);
        delete require.cache[require.resolve("../index")];
        const program = await import("../index");
        const objects = await new Promise<string[]>((resolve) => program.istioObjects.apply(resolve));
        assert.ok(objects.includes("VirtualService/istio-system/egressgateway-status-status-example-com"), objects.join());
        assert.ok(await pulumi.isSecret(program.kubeconfigSecret));
        pulumi.runtime.setAllConfig({}, []);
    });
});
