#!/usr/bin/env bash
# Writes the provider plugin as an artifact Pulumi installs itself (`npm run package-plugin`, which
# builds first):
#   dist/pulumi-resource-mesh-egress-v<version>-<os>-<arch>.tar.gz
# It holds the package as npm installs it without dev dependencies (its runtime dependencies and
# the @pulumi/pulumi this checkout develops with, the newest that runs on Node.js 20) and, at its
# top, the executable the engine starts. Only `node` (20.19 or later) is needed on the machine:
#   pulumi plugin install resource mesh-egress <version> --file <tarball>
# No PulumiPlugin.yaml: with one naming `runtime: nodejs` the engine would start the plugin
# through the Node.js language host, which the executable makes unnecessary.
#   bash scripts/package-plugin.sh [OUT_DIR]   # OUT_DIR: dist/ of the repository
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-${repo}/dist}"
if [ ! -f "${repo}/bin/provider/schema.json" ]; then
    echo "no ${repo}/bin/provider/schema.json: run npm run build first" >&2
    exit 1
fi
version="$(node -p "require('${repo}/package.json').version")"
os="$(node -p 'process.platform')"
arch="$(node -p "({ x64: 'amd64', arm64: 'arm64' })[process.arch] || process.arch")"
pulumi_sdk="$(node -p "require('${repo}/node_modules/@pulumi/pulumi/package.json').version")"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# The package exactly as it would be published (already built: no lifecycle scripts).
tarball="$(cd "${repo}" && npm pack --ignore-scripts --silent --pack-destination "${work}" | tail -n 1)"
plugin="${work}/plugin"
mkdir "${plugin}"
echo '{ "name": "pulumi-resource-mesh-egress", "private": true }' >"${plugin}/package.json"
(cd "${plugin}" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error \
    "${work}/${tarball}" "@pulumi/pulumi@${pulumi_sdk}") >&2
# Every dependency is JavaScript; a native addon would tie the artifact to this machine's platform.
if find "${plugin}/node_modules" -name '*.node' | grep -q .; then
    echo "a runtime dependency ships a native addon; the artifact would not be portable:" >&2
    find "${plugin}/node_modules" -name '*.node' >&2
    exit 1
fi
cat >"${plugin}/pulumi-resource-mesh-egress" <<'LAUNCHER'
#!/bin/sh
# The mesh-egress provider plugin: Node.js runs the provider bundled beside this file.
command -v node >/dev/null 2>&1 || { echo "pulumi-resource-mesh-egress needs Node.js 20.19 or later on PATH" >&2; exit 1; }
exec node "$(dirname "$0")/node_modules/mesh-egress/bin/provider/main.js" "$@"
LAUNCHER
chmod 755 "${plugin}/pulumi-resource-mesh-egress"

mkdir -p "${out}"
artifact="${out}/pulumi-resource-mesh-egress-v${version}-${os}-${arch}.tar.gz"
tar -czf "${artifact}" -C "${plugin}" .
echo "${artifact}"
