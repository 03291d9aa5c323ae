#!/usr/bin/env bash
# Builds Istio's istioctl from the Go module proxy (Istio's tags carry no "v", so the proxy
# serves a pseudo-version) into the user's Go cache, once per version, and prints its path.
# A fresh machine takes several minutes (compiling); later runs return at once.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
ISTIO_VERSION="${ISTIO_VERSION:-v0.0.0-20260827124520-eed52ebb66ad}"
bin_dir="$(cache_dir "istioctl-${ISTIO_VERSION}")"
if [ ! -x "${bin_dir}/istioctl" ]; then
    no_build "${bin_dir}"
    echo "building istioctl ${ISTIO_VERSION} into ${bin_dir} (first run only)" >&2
    GOBIN="${bin_dir}" GOFLAGS=-mod=mod go install "istio.io/istio/istioctl/cmd/istioctl@${ISTIO_VERSION}" >&2
fi
echo "${bin_dir}/istioctl"
