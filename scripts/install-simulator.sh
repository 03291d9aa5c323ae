#!/usr/bin/env bash
# Builds the simulator behind `mesh-egress simulate` (simulator/, a Go test binary on Istio's
# config generator and simulation, at the Istio version istioctl is built from) into the user's
# Go cache, once per version of its source, and prints the binary's path. A fresh machine takes
# several minutes (compiling Istio); with istioctl's build in the cache, about a minute or two.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
go_build_cached simulator "$(cd "$(dirname "$0")/../simulator" && pwd)" simulator.test "test -c"
