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
