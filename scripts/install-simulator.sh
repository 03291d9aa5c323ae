#!/usr/bin/env bash
# Builds the simulator behind `mesh-egress simulate` (simulator/, a Go test binary on Istio's
# config generator and simulation, at the Istio version istioctl is built from) into the user's
# Go cache, once per version of its source, and prints the binary's path. A fresh machine takes
# several minutes (compiling Istio); with istioctl's build in the cache, about a minute or two.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
src="$(cd "$(dirname "$0")/../simulator" && pwd)"
source_hash="$(cat "${src}/go.mod" "${src}/go.sum" "${src}"/*.go | sha256sum | cut -c1-16)"
bin_dir="$(cache_dir "simulator-${source_hash}")"
if [ ! -x "${bin_dir}/simulator.test" ]; then
    no_build "${bin_dir}"
    echo "building the simulator into ${bin_dir} (first run only)" >&2
    mkdir -p "${bin_dir}"
    (cd "${src}" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go test -c -o "${bin_dir}/simulator.test.tmp" .) >&2
    mv "${bin_dir}/simulator.test.tmp" "${bin_dir}/simulator.test"
fi
echo "${bin_dir}/simulator.test"
