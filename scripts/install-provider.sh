#!/usr/bin/env bash
# Builds this checkout if needed (npm run build, after npm install) and prints the directory that
# holds its plugin executable `pulumi-resource-mesh-egress`; put it on PATH for the Pulumi engine.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
plugin_dir="${repo}/bin/provider/plugin"
if [ ! -x "${plugin_dir}/pulumi-resource-mesh-egress" ]; then
    echo "building the mesh-egress provider (npm run build)" >&2
    (cd "${repo}" && npm run build) >&2
fi
echo "${plugin_dir}"
