// The ready-to-run Pulumi program: one MeshEgress driven by stack configuration.
//
//   pulumi config set configFile examples/aliyun/egress.yaml     # the same file the CLI reads
//   pulumi config set --secret kubeconfig "$(cat asm-kubeconfig)" # or meshId / newMesh in the file
//   pulumi config set alicloud:region cn-hangzhou                 # with meshId or newMesh
//
// Instead of configFile, the arguments can live in the stack itself under `meshEgress`
// (`pulumi config set --path meshEgress.services[0].name aliyun`, ...).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { readArgsFile } from "./cli/configFile";
import { MeshEgress, MeshEgressArgs } from "./components";

const config = new pulumi.Config();
const configFile = config.get("configFile");
const fromFile: MeshEgressArgs | undefined = configFile ? readArgsFile(path.resolve(configFile)) : undefined;
const args: MeshEgressArgs = fromFile ?? config.requireObject<MeshEgressArgs>("meshEgress");

// Credentials come from secret stack config, never from the file or plain config.
const kubeconfig = config.getSecret("kubeconfig");
const dataPlaneKubeconfig = config.getSecret("dataPlaneKubeconfig");
const bypassProtection = args.bypassProtection && {
    ...args.bypassProtection,
    provider: dataPlaneKubeconfig ? new k8s.Provider("data-plane", { kubeconfig: dataPlaneKubeconfig }) : undefined,
};

const egress = new MeshEgress(pulumi.getStack(), {
    ...args,
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(bypassProtection ? { bypassProtection } : {}),
});

export const meshId = egress.meshId;
export const gatewayHost = egress.gatewayHost;
export const gatewayName = egress.gatewayName;
export const listeners = egress.listeners;
export const istioObjects = egress.istioObjects;
export const kubeconfigSecret = egress.kubeconfig;
