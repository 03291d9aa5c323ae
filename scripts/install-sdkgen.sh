#!/usr/bin/env bash
# Builds sdkgen (sdkgen/: Pulumi's Python and Go SDK generators, at the Pulumi version the CLI is
# built from) into the user's Go cache, once per version of its source, and prints the binary's
# path. With the Pulumi CLI's build in the cache it takes about a minute.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
go_build_cached sdkgen "$(cd "$(dirname "$0")/../sdkgen" && pwd)" sdkgen build
