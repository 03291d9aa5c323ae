#!/usr/bin/env bash
# Builds the Pulumi CLI, the Kubernetes resource provider and the Pulumi YAML language host from
# the Go module proxy into the user's Go cache, once per version, and prints the directory that
# holds the binaries (`pulumi`, `pulumi-resource-kubernetes`, `pulumi-language-yaml`). Neither module builds with `go install`: both
# go.mod files carry `replace` lines pointing into their monorepos, so each is built from a
# small wrapper module. A fresh machine takes about 20 minutes of compiling; later runs
# return at once.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
PULUMI_VERSION="${PULUMI_VERSION:-v3.274.1}"
PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
bin_dir="$(cache_dir "pulumi-${PULUMI_VERSION}-kubernetes-${K8S_PROVIDER_VERSION}")"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
mkdir -p "${bin_dir}"

build_pulumi() {
    local work
    work="$(mktemp -d)"
    # The CLI's own go.mod replaces the SDK with ../sdk and pins a clipboard fork; the wrapper
    # takes the SDK of the same release from the proxy and repeats the fork.
    cat >"${work}/go.mod" <<MOD
module mesh-egress.local/pulumi-build

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 ${PULUMI_VERSION}
	github.com/pulumi/pulumi/sdk/v3 ${PULUMI_VERSION}
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
    (cd "${work}" &&
        go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@${PULUMI_VERSION}" &&
        go build -o "${bin_dir}/pulumi.tmp" \
            -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}" \
            github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    mv "${bin_dir}/pulumi.tmp" "${bin_dir}/pulumi"
    rm -rf "${work}"
}

build_kubernetes_provider() {
    local work src
    work="$(mktemp -d)"
    src="$(kubernetes_provider_dir)"
    cp -r "${src}/." "${work}/"
    chmod -R u+w "${work}"
    # The release build generates these embedded files; the module zip ships their sources.
    cp "${work}/cmd/pulumi-resource-kubernetes/schema.json" "${work}/cmd/pulumi-resource-kubernetes/schema-embed.json"
    cp "${work}/cmd/pulumi-resource-kubernetes/terraform-mapping.json" \
        "${work}/cmd/pulumi-resource-kubernetes/terraform-mapping-embed.json"
    # The SDK replace points outside the module zip; the proxy's SDK is used instead.
    sed -i '/pulumi-kubernetes\/sdk\/v4 => \.\.\/sdk/d' "${work}/go.mod"
    local version="${K8S_PROVIDER_VERSION}"
    (cd "${work}" &&
        GOTOOLCHAIN=local go build -o "${bin_dir}/pulumi-resource-kubernetes.tmp" \
            -ldflags "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${version#v}" \
            ./cmd/pulumi-resource-kubernetes)
    mv "${bin_dir}/pulumi-resource-kubernetes.tmp" "${bin_dir}/pulumi-resource-kubernetes"
    rm -rf "${work}"
}

if [ ! -x "${bin_dir}/pulumi" ]; then
    no_build "${bin_dir}"
    echo "building pulumi ${PULUMI_VERSION} into ${bin_dir} (first run only)" >&2
    build_pulumi >&2
fi
if [ ! -x "${bin_dir}/pulumi-resource-kubernetes" ]; then
    no_build "${bin_dir}"
    echo "building pulumi-resource-kubernetes ${K8S_PROVIDER_VERSION} into ${bin_dir} (first run only)" >&2
    build_kubernetes_provider >&2
fi
if [ ! -x "${bin_dir}/pulumi-language-yaml" ]; then
    no_build "${bin_dir}"
    echo "building pulumi-language-yaml ${PULUMI_YAML_VERSION} into ${bin_dir} (first run only)" >&2
    GOBIN="${bin_dir}" go install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@${PULUMI_YAML_VERSION}" >&2
fi
echo "${bin_dir}"
