#!/usr/bin/env bash
# Builds what the SDK engine tests (tests/engine/sdks.test.ts) run, into the user's Go cache, and
# prints three lines: the Python interpreter, the directory holding the installed Python SDK, and
# the Go driver.
#  - A Python virtual environment with Pulumi's Python SDK and the Kubernetes SDK from PyPI, once
#    per version, and the committed sdk/python installed beside it, once per version of the SDK.
#  - The Go driver (tests/engine/sdk/go) compiled against the committed sdk/go, once per version of
#    either. The first build compiles the Kubernetes Go SDK: several minutes on a fresh machine.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
repo="$(cd "$(dirname "$0")/.." && pwd)"
PULUMI_PYTHON_VERSION="${PULUMI_PYTHON_VERSION:-3.272.0}"
kubernetes_version="$(kubernetes_npm_version)"

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

# The committed sdk/python, installed as a user installs it (pip, which also writes the package
# metadata the SDK reads its version from), into a directory of its own per version of the SDK.
# pip builds in the source tree, so it builds a copy.
python_sdk_hash="$(find "${repo}/sdk/python" -type f | sort | xargs cat | sha256sum | cut -c1-16)"
python_sdk="$(cache_dir "python-sdk-${python_sdk_hash}")"
if [ ! -f "${python_sdk}/.complete" ]; then
    no_build "${python_sdk}"
    echo "installing sdk/python into ${python_sdk} (first run only)" >&2
    rm -rf "${python_sdk}"
    work="$(mktemp -d)"
    cp -r "${repo}/sdk/python/." "${work}/"
    "${venv}/bin/pip" install --quiet --disable-pip-version-check --no-deps --target "${python_sdk}" "${work}" >&2
    rm -rf "${work}"
    touch "${python_sdk}/.complete"
fi

# Built against the committed sdk/go: a new SDK means a new build.
driver="$(go_build_cached sdk-go-driver "${repo}/tests/engine/sdk/go" driver build \
    "${repo}/sdk/go/go.mod" $(find "${repo}/sdk/go" -name '*.go' | sort))"
echo "${venv}/bin/python"
echo "${python_sdk}"
echo "${driver}"
