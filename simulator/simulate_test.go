// The simulator behind `mesh-egress simulate`: Istio's own config generator builds the Envoy
// listeners, routes and clusters for each proxy from the rendered objects, and Istio's
// simulation walks every call through them (listener → filter chain → route → cluster), as
// Istio's own simulation tests do. Istio's simulation API takes a *testing.T, so this is a test
// binary (`go test -c`): it reads one JSON request ($SIMULATE_INPUT) and writes the verdict
// material ($SIMULATE_OUTPUT). It judges nothing itself; the TypeScript side knows what the plan
// expects.
package simulator

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"

	accesslog "github.com/envoyproxy/go-control-plane/envoy/config/accesslog/v3"
	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	rbacconfig "github.com/envoyproxy/go-control-plane/envoy/config/rbac/v3"
	celfilter "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/filters/cel/v3"
	fileaccesslog "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/file/v3"
	rbachttp "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/rbac/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	rbacnetwork "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/rbac/v3"
	tcpproxy "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	matcher "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	meshconfig "istio.io/api/mesh/v1alpha1"

	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/pkg/simulation"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/config/mesh"
)

type proxyInput struct {
	ID        string            `json:"id"`
	Kind      string            `json:"kind"` // sidecar | router
	Namespace string            `json:"namespace"`
	Labels    map[string]string `json:"labels"`
	IP        string            `json:"ip"`
}

type callInput struct {
	ID       string `json:"id"`
	Proxy    string `json:"proxy"`
	Mode     string `json:"mode"` // outbound (iptables to 15001) | gateway (straight to the port)
	Address  string `json:"address"`
	Port     int    `json:"port"`
	Protocol string `json:"protocol"` // http | tcp
	TLS      string `json:"tls"`      // plaintext | tls | mtls
	Host     string `json:"host"`
	Sni      string `json:"sni"`
	Alpn     string `json:"alpn"`
}

type input struct {
	IstioConfig           string       `json:"istioConfig"`
	Kubernetes            string       `json:"kubernetes"`
	OutboundTrafficPolicy string       `json:"outboundTrafficPolicy"`
	Proxies               []proxyInput `json:"proxies"`
	Calls                 []callInput  `json:"calls"`
}

// The TLS a cluster originates, as the gateway's Envoy would do it: the SNI it sends, where
// the CA that verifies the server comes from, and the names the server certificate must carry
// (empty: any certificate the CA signed is accepted).
type upstreamTLS struct {
	Sni             string   `json:"sni"`
	CaSource        string   `json:"caSource,omitempty"`
	SubjectAltNames []string `json:"subjectAltNames"`
}

type callResult struct {
	ID          string       `json:"id"`
	Listener    string       `json:"listener,omitempty"`
	FilterChain string       `json:"filterChain,omitempty"`
	RouteConfig string       `json:"routeConfig,omitempty"`
	VirtualHost string       `json:"virtualHost,omitempty"`
	Route       string       `json:"route,omitempty"`
	Cluster     string       `json:"cluster,omitempty"`
	Error       string       `json:"error,omitempty"`
	ClusterTLS  *upstreamTLS `json:"clusterTls,omitempty"`
	// The RBAC filters on the filter chain the call matched, in filter order: what Envoy decides
	// who may make the call with.
	Rbac []rbacFilter `json:"rbac,omitempty"`
	// The access logs of the matched chain's HTTP connection manager or TCP proxy: what Envoy
	// writes for the call, if its filter lets it.
	AccessLogs []accessLogInfo `json:"accessLogs,omitempty"`
}

// One access log as Istio generated it: the CEL expressions that must all hold for a line to be
// written (other filter kinds by their type), and the JSON fields of its format (empty: text).
type accessLogInfo struct {
	Path       string   `json:"path,omitempty"`
	Filters    []string `json:"filters"`
	JSONFields []string `json:"jsonFields"`
}

// One RBAC filter as Istio generated it: `network` (on the chain) or `http` (in its HTTP
// connection manager), and its rules as Envoy's JSON (absent: the filter enforces nothing).
type rbacFilter struct {
	Layer string          `json:"layer"`
	Rules json.RawMessage `json:"rules,omitempty"`
}

type proxyStats struct {
	Listeners int `json:"listeners"`
	Routes    int `json:"routes"`
	Clusters  int `json:"clusters"`
	Bytes     int `json:"bytes"`
}

type output struct {
	Results []callResult          `json:"results"`
	Stats   map[string]proxyStats `json:"stats"`
}

func proxyOf(p proxyInput) *model.Proxy {
	proxy := &model.Proxy{
		Labels:          p.Labels,
		ConfigNamespace: p.Namespace,
		Metadata:        &model.NodeMetadata{Labels: p.Labels, Namespace: p.Namespace},
		Type:            model.SidecarProxy,
	}
	if p.Kind == "router" {
		proxy.Type = model.Router
	}
	if p.IP != "" {
		proxy.IPAddresses = []string{p.IP}
	}
	return proxy
}

// The TLS the cluster itself originates (a DestinationRule's tls), if any.
func clusterTLS(clusters []*cluster.Cluster, name string) *upstreamTLS {
	for _, c := range clusters {
		if c.Name != name || c.TransportSocket == nil {
			continue
		}
		ctx := &tlsv3.UpstreamTlsContext{}
		if err := c.TransportSocket.GetTypedConfig().UnmarshalTo(ctx); err != nil {
			return &upstreamTLS{SubjectAltNames: []string{}}
		}
		out := &upstreamTLS{Sni: ctx.Sni, SubjectAltNames: []string{}}
		var validation *tlsv3.CertificateValidationContext
		switch v := ctx.GetCommonTlsContext().GetValidationContextType().(type) {
		case *tlsv3.CommonTlsContext_CombinedValidationContext:
			validation = v.CombinedValidationContext.GetDefaultValidationContext()
			out.CaSource = v.CombinedValidationContext.GetValidationContextSdsSecretConfig().GetName()
		case *tlsv3.CommonTlsContext_ValidationContext:
			validation = v.ValidationContext
		case *tlsv3.CommonTlsContext_ValidationContextSdsSecretConfig:
			out.CaSource = v.ValidationContextSdsSecretConfig.GetName()
		}
		if out.CaSource == "" && validation.GetTrustedCa() != nil {
			out.CaSource = "file:" + validation.GetTrustedCa().GetFilename()
		}
		for _, m := range validation.GetMatchSubjectAltNames() {
			out.SubjectAltNames = append(out.SubjectAltNames, matcherText(m))
		}
		for _, m := range validation.GetMatchTypedSubjectAltNames() {
			out.SubjectAltNames = append(out.SubjectAltNames, matcherText(m.GetMatcher()))
		}
		return out
	}
	return nil
}

func rulesJSON(t *testing.T, rules *rbacconfig.RBAC) json.RawMessage {
	if rules == nil {
		return nil
	}
	encoded, err := protojson.Marshal(rules)
	if err != nil {
		t.Fatal(err)
	}
	return encoded
}

// The RBAC filters of a filter chain: network filters first, then those of its HTTP connection
// manager, each in the order Envoy runs them.
func rbacFilters(t *testing.T, fc *listener.FilterChain) []rbacFilter {
	if fc == nil {
		return nil
	}
	var out []rbacFilter
	for _, f := range fc.Filters {
		switch f.Name {
		case "envoy.filters.network.rbac":
			cfg := &rbacnetwork.RBAC{}
			if err := f.GetTypedConfig().UnmarshalTo(cfg); err != nil {
				t.Fatal(err)
			}
			out = append(out, rbacFilter{Layer: "network", Rules: rulesJSON(t, cfg.Rules)})
		case "envoy.filters.network.http_connection_manager":
			hcm := &hcmv3.HttpConnectionManager{}
			if err := f.GetTypedConfig().UnmarshalTo(hcm); err != nil {
				t.Fatal(err)
			}
			for _, hf := range hcm.HttpFilters {
				if hf.Name != "envoy.filters.http.rbac" {
					continue
				}
				cfg := &rbachttp.RBAC{}
				if err := hf.GetTypedConfig().UnmarshalTo(cfg); err != nil {
					t.Fatal(err)
				}
				out = append(out, rbacFilter{Layer: "http", Rules: rulesJSON(t, cfg.Rules)})
			}
		}
	}
	return out
}

// The expressions of an access-log filter, flattened through AND filters; a filter that is not
// CEL is named by its kind, so the caller can tell it cannot evaluate it.
func filterTexts(t *testing.T, f *accesslog.AccessLogFilter) []string {
	if f == nil {
		return nil
	}
	switch spec := f.FilterSpecifier.(type) {
	case *accesslog.AccessLogFilter_AndFilter:
		var out []string
		for _, inner := range spec.AndFilter.Filters {
			out = append(out, filterTexts(t, inner)...)
		}
		return out
	case *accesslog.AccessLogFilter_ExtensionFilter:
		expr := &celfilter.ExpressionFilter{}
		if err := spec.ExtensionFilter.GetTypedConfig().UnmarshalTo(expr); err == nil {
			return []string{"cel:" + expr.Expression}
		}
		return []string{"extension:" + spec.ExtensionFilter.Name}
	}
	return []string{fmt.Sprintf("other:%T", f.FilterSpecifier)}
}

func accessLogsOf(t *testing.T, logs []*accesslog.AccessLog) []accessLogInfo {
	out := []accessLogInfo{}
	for _, l := range logs {
		info := accessLogInfo{Filters: filterTexts(t, l.Filter), JSONFields: []string{}}
		if info.Filters == nil {
			info.Filters = []string{}
		}
		file := &fileaccesslog.FileAccessLog{}
		if l.GetTypedConfig().UnmarshalTo(file) == nil {
			info.Path = file.Path
			for key := range file.GetLogFormat().GetJsonFormat().GetFields() {
				info.JSONFields = append(info.JSONFields, key)
			}
			sort.Strings(info.JSONFields)
		}
		out = append(out, info)
	}
	return out
}

// The access logs on a filter chain: its HTTP connection manager's, else its TCP proxy's.
func chainAccessLogs(t *testing.T, fc *listener.FilterChain) []accessLogInfo {
	if fc == nil {
		return nil
	}
	for _, f := range fc.Filters {
		switch f.Name {
		case "envoy.filters.network.http_connection_manager":
			hcm := &hcmv3.HttpConnectionManager{}
			if err := f.GetTypedConfig().UnmarshalTo(hcm); err != nil {
				t.Fatal(err)
			}
			return accessLogsOf(t, hcm.AccessLog)
		case "envoy.filters.network.tcp_proxy":
			tcp := &tcpproxy.TcpProxy{}
			if err := f.GetTypedConfig().UnmarshalTo(tcp); err != nil {
				t.Fatal(err)
			}
			return accessLogsOf(t, tcp.AccessLog)
		}
	}
	return []accessLogInfo{}
}

// A SAN matcher as text: the exact name, or `<kind>:<pattern>` for the other kinds.
func matcherText(m *matcher.StringMatcher) string {
	switch p := m.GetMatchPattern().(type) {
	case *matcher.StringMatcher_Exact:
		return p.Exact
	case *matcher.StringMatcher_Prefix:
		return "prefix:" + p.Prefix
	case *matcher.StringMatcher_Suffix:
		return "suffix:" + p.Suffix
	case *matcher.StringMatcher_Contains:
		return "contains:" + p.Contains
	case *matcher.StringMatcher_SafeRegex:
		return "regex:" + p.SafeRegex.GetRegex()
	}
	return "unknown"
}

func size[T proto.Message](items []T) int {
	total := 0
	for _, item := range items {
		total += proto.Size(item)
	}
	return total
}

func TestSimulate(t *testing.T) {
	inPath, outPath := os.Getenv("SIMULATE_INPUT"), os.Getenv("SIMULATE_OUTPUT")
	if inPath == "" || outPath == "" {
		t.Skip("SIMULATE_INPUT and SIMULATE_OUTPUT name the request and the answer")
	}
	raw, err := os.ReadFile(inPath)
	if err != nil {
		t.Fatal(err)
	}
	var in input
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}

	mc := mesh.DefaultMeshConfig()
	mc.OutboundTrafficPolicy = &meshconfig.MeshConfig_OutboundTrafficPolicy{Mode: meshconfig.MeshConfig_OutboundTrafficPolicy_ALLOW_ANY}
	// ASM's proxies log JSON; the built-in `envoy` provider writes in the mesh's encoding.
	mc.AccessLogEncoding = meshconfig.MeshConfig_JSON
	if in.OutboundTrafficPolicy == "REGISTRY_ONLY" {
		mc.OutboundTrafficPolicy.Mode = meshconfig.MeshConfig_OutboundTrafficPolicy_REGISTRY_ONLY
	}
	server := xds.NewFakeDiscoveryServer(t, xds.FakeOptions{
		ConfigString:           in.IstioConfig,
		KubernetesObjectString: in.Kubernetes,
		MeshConfig:             mc,
	})

	out := output{Stats: map[string]proxyStats{}}
	sims := map[string]*simulation.Simulation{}
	for _, p := range in.Proxies {
		sim := simulation.NewSimulation(t, server, server.SetupProxy(proxyOf(p)))
		sims[p.ID] = sim
		out.Stats[p.ID] = proxyStats{
			Listeners: len(sim.Listeners),
			Routes:    len(sim.Routes),
			Clusters:  len(sim.Clusters),
			Bytes:     size(sim.Listeners) + size(sim.Routes) + size(sim.Clusters),
		}
	}
	for _, c := range in.Calls {
		sim, ok := sims[c.Proxy]
		if !ok {
			t.Fatalf("call %s: unknown proxy %q", c.ID, c.Proxy)
		}
		var chain *listener.FilterChain
		r := sim.Run(simulation.Call{
			CustomListenerValidations: []simulation.CustomFilterChainValidation{func(fc *listener.FilterChain) error {
				chain = fc
				return nil
			}},
			Address:    c.Address,
			Port:       c.Port,
			Protocol:   simulation.Protocol(c.Protocol),
			TLS:        simulation.TLSMode(c.TLS),
			HostHeader: c.Host,
			Sni:        c.Sni,
			Alpn:       c.Alpn,
			CallMode:   simulation.CallMode(c.Mode),
		})
		res := callResult{
			ID:          c.ID,
			Listener:    r.ListenerMatched,
			FilterChain: r.FilterChainMatched,
			RouteConfig: r.RouteConfigMatched,
			VirtualHost: r.VirtualHostMatched,
			Route:       r.RouteMatched,
			Cluster:     r.ClusterMatched,
			ClusterTLS:  clusterTLS(sim.Clusters, r.ClusterMatched),
			Rbac:        rbacFilters(t, chain),
			AccessLogs:  chainAccessLogs(t, chain),
		}
		if r.Error != nil {
			res.Error = r.Error.Error()
		}
		out.Results = append(out.Results, res)
	}
	encoded, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outPath, encoded, 0o644); err != nil {
		t.Fatal(err)
	}
}
