#!/usr/bin/env bash
# Writes the committed package schema (schema.json) and the Python and Go SDKs generated from it
# (sdk/python, sdk/go). Run through `npm run gen-sdks`, which builds first: the schema is the one
# the build derived from the TypeScript sources (bin/provider/schema.json).
#   bash scripts/gen-sdks.sh [OUT]   # writes OUT/schema.json, OUT/sdk/python, OUT/sdk/go (OUT: the repository)
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-${repo}}"
built="${repo}/bin/provider/schema.json"
if [ ! -f "${built}" ]; then
    echo "no ${built}: run npm run build first" >&2
    exit 1
fi
sdkgen="$(bash "${repo}/scripts/install-sdkgen.sh")"
# The component's schema refers to the Kubernetes package at the @pulumi/kubernetes version it was
# built against; that package's schema comes from the provider module the tests' provider is built from.
kubernetes_version="$(kubernetes_npm_version)"
provider_dir="$(kubernetes_provider_dir)"
mkdir -p "${out}/sdk"
cp "${built}" "${out}/schema.json"
"${sdkgen}" -schema "${out}/schema.json" \
    -kubernetes-schema "${provider_dir}/cmd/pulumi-resource-kubernetes/schema.json" \
    -kubernetes-version "${kubernetes_version}" -kubernetes-go-sdk "${K8S_GO_SDK_VERSION}" -out "${out}/sdk"
