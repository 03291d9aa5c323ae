# Shared by the install scripts (sourced, not run): where builds are cached, and the no-build mode.
# shellcheck shell=bash

# The cache directory for one build: $(go env GOCACHE)/mesh-egress/<key>.
cache_dir() {
    echo "$(go env GOCACHE)/mesh-egress/$1"
}

# MESH_EGRESS_NO_BUILD=1: report a missing binary (exit 3) instead of compiling it (tests use it).
no_build() {
    if [ "${MESH_EGRESS_NO_BUILD:-}" = "1" ]; then
        echo "not built yet: $1 (run: bash $0)" >&2
        exit 3
    fi
}

# The directory of the Kubernetes provider module's source (downloaded into the module cache once).
kubernetes_provider_dir() {
    GOFLAGS=-mod=mod go mod download -json "github.com/pulumi/pulumi-kubernetes/provider/v4@${K8S_PROVIDER_VERSION}" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# The @pulumi/kubernetes version this checkout installed: the one the package schema refers to.
kubernetes_npm_version() {
    node -p "require('$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/@pulumi/kubernetes/package.json').version"
}

# The Kubernetes provider module the tests' provider is built from (install-pulumi.sh); its schema
# is also the one the SDK generator resolves the component's Kubernetes references in (gen-sdks.sh).
K8S_PROVIDER_VERSION="${K8S_PROVIDER_VERSION:-v4.0.0-20260115033456-f47bc2d6f199}"
# The Kubernetes Go SDK the generated Go SDK requires: the newest the Go module proxy serves.
K8S_GO_SDK_VERSION="${K8S_GO_SDK_VERSION:-v4.32.0}"

# go_build_cached KEY SRC BINARY GOCMD [FILES...]: compiles the Go package in SRC with
# `go GOCMD` (`build`, or `test -c` for a test binary) into the cache directory KEY-<hash of
# SRC's go.mod, go.sum and *.go, and of FILES>, once, and prints the binary's path.
go_build_cached() {
    local key="$1" src="$2" binary="$3" gocmd="$4"
    shift 4
    local hash bin_dir
    hash="$(cat "${src}/go.mod" "${src}/go.sum" "${src}"/*.go "$@" | sha256sum | cut -c1-16)"
    bin_dir="$(cache_dir "${key}-${hash}")"
    if [ ! -x "${bin_dir}/${binary}" ]; then
        no_build "${bin_dir}"
        echo "building ${key} into ${bin_dir} (first run only)" >&2
        mkdir -p "${bin_dir}"
        # shellcheck disable=SC2086 # GOCMD is two words for a test binary.
        (cd "${src}" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go ${gocmd} -o "${bin_dir}/${binary}.tmp" .) >&2
        mv "${bin_dir}/${binary}.tmp" "${bin_dir}/${binary}"
    fi
    echo "${bin_dir}/${binary}"
}
