#!/usr/bin/env bash
# Builds what the SDK engine tests (tests/engine/sdks.test.ts) run, into the user's Go cache, and
# prints two lines: the Python interpreter and the Go driver.
#  - A Python virtual environment with Pulumi's Python SDK and the Kubernetes SDK from PyPI, once
#    per version (the SDK under test, sdk/python, is put on PYTHONPATH by the tests, not installed).
#  - The Go driver (tests/engine/sdk/go) compiled against the committed sdk/go, once per version of
#    either. The first build compiles the Kubernetes Go SDK: several minutes on a fresh machine.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
repo="$(cd "$(dirname "$0")/.." && pwd)"
PULUMI_PYTHON_VERSION="${PULUMI_PYTHON_VERSION:-3.272.0}"
kubernetes_version="$(node -p "require('${repo}/node_modules/@pulumi/kubernetes/package.json').version")"

venv="$(cache_dir "python-pulumi-${PULUMI_PYTHON_VERSION}-kubernetes-${kubernetes_version}")"
if [ ! -x "${venv}/bin/python" ] || [ ! -f "${venv}/.complete" ]; then
    no_build "${venv}"
    echo "creating the Python environment ${venv} (first run only)" >&2
    rm -rf "${venv}"
    python3 -m venv "${venv}" >&2
    "${venv}/bin/pip" install --quiet --disable-pip-version-check \
        "pulumi==${PULUMI_PYTHON_VERSION}" "pulumi-kubernetes==${kubernetes_version}" >&2
    touch "${venv}/.complete"
fi

# Built against the committed sdk/go: a new SDK means a new build.
driver="$(go_build_cached sdk-go-driver "${repo}/tests/engine/sdk/go" driver build \
    "${repo}/sdk/go/go.mod" $(find "${repo}/sdk/go" -name '*.go' | sort))"
echo "${venv}/bin/python"
echo "${driver}"
