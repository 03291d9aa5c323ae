#!/usr/bin/env bash
# A local stand-in for ASM's mesh API server: etcd, kube-apiserver and kube-controller-manager
# on 127.0.0.1 only, with Istio's CRDs (from the Istio module the istioctl build uses), ASM's
# IstioGateway and ASMEgressTrafficPolicy CRDs (tests/cluster/*-crd.yaml) and the namespaces ASM syncs from the
# data-plane clusters. The controller manager runs the garbage collector and the namespace
# controller: the Kubernetes provider deletes with foreground propagation, which only the
# garbage collector completes.
#
#   bash scripts/test-cluster.sh start   # builds on first use, prints the kubeconfig's path
#   bash scripts/test-cluster.sh stop
#   bash scripts/test-cluster.sh freeze|thaw|kill-apiserver|restart-apiserver   # faults, for tests
#
# STAND-IN for ASM's gateway controller: ASM deploys an IstioGateway's pods and reports their
# readiness in its status; nothing here runs pods, so a loop (gateway_stand_in) marks each
# IstioGateway `status.Status: Available` a delay after it appears, or never. Its settings are
# files the tests write: ${dir}/stand-in/delay-seconds (default 1) and ${dir}/stand-in/never
# (names, one per line, left unready). It is not ASM: real readiness depends on pods and images.
#
# State lives in $MESH_EGRESS_CLUSTER_DIR (default: mesh-egress-test-cluster under $TMPDIR).
# With MESH_EGRESS_NO_BUILD=1 a missing binary is an error (exit 3) instead of a build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${MESH_EGRESS_CLUSTER_DIR:-${TMPDIR:-/tmp}/mesh-egress-test-cluster}"
ISTIO_VERSION="$(sed -n 's/^ISTIO_VERSION="\${ISTIO_VERSION:-\(.*\)}"$/\1/p' "${repo}/scripts/install-istioctl.sh")"
# Namespaces ASM keeps on the mesh API server before the component runs: its own. Application
# namespaces (ASM syncs them from the data-plane clusters) are added by the caller, or listed here.
NAMESPACES="istio-system ${MESH_EGRESS_CLUSTER_NAMESPACES:-}"

log() { echo "test-cluster: $*" >&2; }

stop() {
    local name pid
    for name in gateway-stand-in kube-controller-manager kube-apiserver etcd; do
        if [ -f "${dir}/${name}.pid" ]; then
            pid="$(cat "${dir}/${name}.pid")"
            kill "${pid}" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.2; done
            kill -9 "${pid}" 2>/dev/null || true
            rm -f "${dir}/${name}.pid"
        fi
    done
}

free_port() {
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

certificates() {
    local pki="${dir}/pki"
    mkdir -p "${pki}"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mesh-egress-test-ca" \
        -keyout "${pki}/ca.key" -out "${pki}/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
        -keyout "${pki}/apiserver.key" -out "${pki}/apiserver.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"${pki}/san.ext"
    openssl x509 -req -in "${pki}/apiserver.csr" -CA "${pki}/ca.crt" -CAkey "${pki}/ca.key" -CAcreateserial \
        -days 2 -extfile "${pki}/san.ext" -out "${pki}/apiserver.crt" 2>/dev/null
    openssl genrsa -out "${pki}/sa.key" 2048 2>/dev/null
    openssl rsa -in "${pki}/sa.key" -pubout -out "${pki}/sa.pub" 2>/dev/null
    # One admin token (system:masters), as envtest does; nothing listens beyond loopback.
    local token
    token="$(openssl rand -hex 24)"
    printf '%s,mesh-egress-admin,mesh-egress-admin,system:masters\n' "${token}" >"${pki}/tokens.csv"
    chmod 600 "${pki}"/*.key "${pki}/tokens.csv"
    echo "${token}"
}

kubeconfig() {
    local port="$1" token="$2"
    cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: mesh-egress-test
    cluster:
      server: https://127.0.0.1:${port}
      certificate-authority-data: $(base64 -w0 "${dir}/pki/ca.crt")
users:
  - name: mesh-egress-admin
    user:
      token: ${token}
contexts:
  - name: mesh-egress-test
    context: { cluster: mesh-egress-test, user: mesh-egress-admin }
current-context: mesh-egress-test
KUBECONFIG
}

wait_ready() {
    local kubectl="$1"
    for _ in $(seq 1 300); do
        if "${kubectl}" --kubeconfig "${dir}/kubeconfig" get --raw /readyz >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$(cat "${dir}/kube-apiserver.pid")" 2>/dev/null; then
            log "kube-apiserver exited; see ${dir}/kube-apiserver.log"
            return 1
        fi
        sleep 0.2
    done
    log "kube-apiserver not ready after 60 s; see ${dir}/kube-apiserver.log"
    return 1
}

# kube-apiserver on the cluster's ports: at start, and again after a test killed it (its state is
# in etcd, so it comes back with every object).
apiserver() {
    local bin="$1" etcd_port="$2" api_port="$3"
    "${bin}/kube-apiserver" --etcd-servers="http://127.0.0.1:${etcd_port}" \
        --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="${api_port}" \
        --cert-dir="${dir}/apiserver" --tls-cert-file="${dir}/pki/apiserver.crt" --tls-private-key-file="${dir}/pki/apiserver.key" \
        --client-ca-file="${dir}/pki/ca.crt" --token-auth-file="${dir}/pki/tokens.csv" \
        --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="${dir}/pki/sa.pub" \
        --service-account-signing-key-file="${dir}/pki/sa.key" \
        --service-cluster-ip-range=10.0.0.0/24 --authorization-mode=RBAC --allow-privileged=true \
        --disable-admission-plugins=ServiceAccount \
        >>"${dir}/kube-apiserver.log" 2>&1 &
    echo $! >"${dir}/kube-apiserver.pid"
}

# The stand-in for ASM's gateway controller (see the header): marks each IstioGateway Available
# once it is delay-seconds old, except those named in `never`. Polls twice a second.
gateway_stand_in() {
    local kubectl=("$1" --kubeconfig "${dir}/kubeconfig") settings="${dir}/stand-in" ns name created status delay
    # A failed call (the API server frozen or killed by a fault test) is retried, never fatal.
    set +e +o pipefail
    mkdir -p "${settings}"
    while true; do
        delay="$(cat "${settings}/delay-seconds" 2>/dev/null || echo 1)"
        "${kubectl[@]}" get istiogateways.istio.alibabacloud.com -A --request-timeout=5s \
            -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name} {.metadata.creationTimestamp} {.status.Status}{"\n"}{end}' 2>/dev/null |
            while read -r ns name created status; do
                [ -n "${name}" ] && [ "${status}" != "Available" ] || continue
                grep -qx "${name}" "${settings}/never" 2>/dev/null && continue
                [ $(($(date +%s) - $(date -d "${created}" +%s))) -ge "${delay}" ] || continue
                "${kubectl[@]}" patch istiogateways.istio.alibabacloud.com "${name}" -n "${ns}" --type merge \
                    -p '{"status":{"Status":"Available"}}' --request-timeout=5s >/dev/null 2>&1 || true
            done
        sleep 0.5
    done
}

# Faults for the engine tests: the API server frozen (SIGSTOP) and thawed, killed and restarted.
signal_apiserver() {
    kill "-$1" "$(cat "${dir}/kube-apiserver.pid")"
}

restart_apiserver() {
    local ports
    mapfile -t ports <"${dir}/ports"
    apiserver "${ports[0]}" "${ports[1]}" "${ports[2]}"
    wait_ready "${ports[0]}/kubectl"
}

start() {
    local bin istio_crds
    bin="$(bash "${repo}/scripts/install-kube.sh")"
    istio_crds="$(cd "${repo}" && GOFLAGS=-mod=mod go mod download -json "istio.io/istio@${ISTIO_VERSION}" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/manifests/charts/base/files/crd-all.gen.yaml"
    [ -f "${istio_crds}" ] || { log "Istio CRDs not found at ${istio_crds}"; return 1; }

    stop
    rm -rf "${dir}"
    mkdir -p "${dir}"
    chmod 700 "${dir}"
    local token etcd_port peer_port api_port
    token="$(certificates)"
    etcd_port="$(free_port)"
    peer_port="$(free_port)"
    api_port="$(free_port)"

    "${bin}/etcd" --name=test --data-dir="${dir}/etcd" --unsafe-no-fsync \
        --listen-client-urls="http://127.0.0.1:${etcd_port}" --advertise-client-urls="http://127.0.0.1:${etcd_port}" \
        --listen-peer-urls="http://127.0.0.1:${peer_port}" --initial-advertise-peer-urls="http://127.0.0.1:${peer_port}" \
        --initial-cluster="test=http://127.0.0.1:${peer_port}" --listen-metrics-urls="" \
        >"${dir}/etcd.log" 2>&1 &
    echo $! >"${dir}/etcd.pid"

    printf '%s\n' "${bin}" "${etcd_port}" "${api_port}" >"${dir}/ports"
    apiserver "${bin}" "${etcd_port}" "${api_port}"

    umask 077
    kubeconfig "${api_port}" "${token}" >"${dir}/kubeconfig"
    umask 022
    wait_ready "${bin}/kubectl"

    "${bin}/kube-controller-manager" --kubeconfig="${dir}/kubeconfig" \
        --controllers=garbagecollector,namespace --leader-elect=false \
        --bind-address=127.0.0.1 --secure-port=0 --use-service-account-credentials=false \
        >"${dir}/kube-controller-manager.log" 2>&1 &
    echo $! >"${dir}/kube-controller-manager.pid"

    local kubectl=("${bin}/kubectl" --kubeconfig "${dir}/kubeconfig")
    "${kubectl[@]}" apply --server-side -f "${istio_crds}" -f "${repo}/tests/cluster/istiogateway-crd.yaml" -f "${repo}/tests/cluster/asmegresstrafficpolicy-crd.yaml" >"${dir}/crds.log"
    "${kubectl[@]}" wait --for condition=established --timeout=60s crd --all >>"${dir}/crds.log"
    gateway_stand_in "${bin}/kubectl" >"${dir}/gateway-stand-in.log" 2>&1 &
    echo $! >"${dir}/gateway-stand-in.pid"
    local ns
    for ns in ${NAMESPACES}; do
        "${kubectl[@]}" create namespace "${ns}" --dry-run=client -o yaml | "${kubectl[@]}" apply -f - >>"${dir}/crds.log"
    done
    log "ready: etcd :${etcd_port}, kube-apiserver https://127.0.0.1:${api_port}, controller manager, the stand-in for ASM's gateway controller; logs in ${dir}"
    echo "${dir}/kubeconfig"
}

case "${1:-}" in
    start) start ;;
    stop) stop; log "stopped" ;;
    freeze) signal_apiserver STOP ;;
    thaw) signal_apiserver CONT ;;
    kill-apiserver) signal_apiserver KILL ;;
    restart-apiserver) restart_apiserver ;;
    *) echo "usage: $0 start|stop|freeze|thaw|kill-apiserver|restart-apiserver" >&2; exit 2 ;;
esac
