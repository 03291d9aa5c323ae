#!/usr/bin/env bash
# Builds what a test mesh API server needs, etcd, kube-apiserver and kube-controller-manager
# (plus kubectl, which the tests read objects back with), from the Go module proxy into the
# user's Go cache, once per version, and prints the directory that holds the binaries. k8s.io/kubernetes and etcd's server module both replace their
# sibling modules with monorepo paths, so each is built from a small wrapper module that takes
# the published siblings of the same release instead. A fresh machine takes about 12 minutes
# of compiling; later runs return at once.
set -euo pipefail
# shellcheck source=build-cache.sh
source "$(dirname "$0")/build-cache.sh"
KUBE_VERSION="${KUBE_VERSION:-v1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
bin_dir="$(cache_dir "kube-${KUBE_VERSION}-etcd-${ETCD_VERSION}")"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
mkdir -p "${bin_dir}"

module_dir() {
    go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p'
}

build_kube() {
    local work gomod staging_version minor
    work="$(mktemp -d)"
    gomod="$(module_dir "k8s.io/kubernetes@${KUBE_VERSION}")"
    staging_version="v0.${KUBE_VERSION#v1.}"
    minor="${KUBE_VERSION#v1.}"
    minor="${minor%%.*}"
    {
        printf 'module mesh-egress.local/kube-build\n\ngo 1.24\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "${KUBE_VERSION}"
        # Every `k8s.io/x => ./staging/src/k8s.io/x` becomes the published k8s.io/x of the release.
        sed -n "s#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 ${staging_version}#p" "${gomod}"
        printf ')\n'
    } >"${work}/go.mod"
    local ldflags="-X k8s.io/component-base/version.gitVersion=${KUBE_VERSION}"
    ldflags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor}"
    ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=${KUBE_VERSION}"
    (cd "${work}" &&
        go get "k8s.io/kubernetes/cmd/kube-apiserver@${KUBE_VERSION}" "k8s.io/kubernetes/cmd/kube-controller-manager@${KUBE_VERSION}" &&
        go build -o "${bin_dir}/kube-apiserver.tmp" -ldflags "${ldflags}" k8s.io/kubernetes/cmd/kube-apiserver &&
        go build -o "${bin_dir}/kube-controller-manager.tmp" -ldflags "${ldflags}" k8s.io/kubernetes/cmd/kube-controller-manager)
    mv "${bin_dir}/kube-apiserver.tmp" "${bin_dir}/kube-apiserver"
    mv "${bin_dir}/kube-controller-manager.tmp" "${bin_dir}/kube-controller-manager"
    rm -rf "${work}"
}

build_kubectl() {
    local work
    work="$(mktemp -d)"
    printf 'module mesh-egress.local/kubectl-build\n\ngo 1.24\n\nrequire k8s.io/kubectl v0.%s\n' "${KUBE_VERSION#v1.}" >"${work}/go.mod"
    # kubectl's command tree is a published staging module; its main is three lines.
    cat >"${work}/main.go" <<'GO'
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() { os.Exit(cli.Run(cmd.NewDefaultKubectlCommand())) }
GO
    (cd "${work}" && go mod tidy && go build -o "${bin_dir}/kubectl.tmp" .)
    mv "${bin_dir}/kubectl.tmp" "${bin_dir}/kubectl"
    rm -rf "${work}"
}

build_etcd() {
    local work
    work="$(mktemp -d)"
    cat >"${work}/go.mod" <<MOD
module mesh-egress.local/etcd-build

go 1.26

require go.etcd.io/etcd/server/v3 ${ETCD_VERSION}
MOD
    cat >"${work}/main.go" <<'GO'
// etcd's own main package lives in the root module, which is not published; its entry point is.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
    (cd "${work}" && go mod tidy && go build -o "${bin_dir}/etcd.tmp" .)
    mv "${bin_dir}/etcd.tmp" "${bin_dir}/etcd"
    rm -rf "${work}"
}

if [ ! -x "${bin_dir}/etcd" ]; then
    no_build "${bin_dir}"
    echo "building etcd ${ETCD_VERSION} into ${bin_dir} (first run only)" >&2
    build_etcd >&2
fi
if [ ! -x "${bin_dir}/kube-apiserver" ] || [ ! -x "${bin_dir}/kube-controller-manager" ]; then
    no_build "${bin_dir}"
    echo "building kube-apiserver and kube-controller-manager ${KUBE_VERSION} into ${bin_dir} (first run only)" >&2
    build_kube >&2
fi
if [ ! -x "${bin_dir}/kubectl" ]; then
    no_build "${bin_dir}"
    echo "building kubectl ${KUBE_VERSION} into ${bin_dir} (first run only)" >&2
    build_kubectl >&2
fi
echo "${bin_dir}"
