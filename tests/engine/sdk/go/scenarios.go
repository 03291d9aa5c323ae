package main

// The engine scenarios declared through the generated Go SDK, as a Go user writes them. Each is
// the TypeScript suite's scenario of the same name (tests/engine/scenarios.ts): the seed procedure
// (examples/aliyun), the mixed example (examples/mixed) and an input with two problems.

import (
	me "github.com/mesh-egress/mesh-egress/sdk/go/meshegress"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const cluster = "c0123456789abcdef0123456789abcdef"

func seed(ctx *pulumi.Context, kubeconfig pulumi.StringInput) (*me.MeshEgress, error) {
	return me.NewMeshEgress(ctx, "egress", &me.MeshEgressArgs{
		Kubeconfig: kubeconfig,
		ClusterIds: pulumi.StringArray{pulumi.String(cluster)},
		Gateway:    &me.GatewayArgs{Name: pulumi.String("egressgateway"), Replicas: pulumi.Int(2)},
		Services: me.ExternalServiceArray{
			&me.ExternalServiceArgs{
				Name:  pulumi.String("aliyun"),
				Hosts: pulumi.StringArray{pulumi.String("aliyun.com")},
				Ports: me.ServicePortArray{&me.ServicePortArgs{Number: pulumi.Int(80), Protocol: me.PortProtocolHTTP}},
			},
		},
		OutboundTrafficPolicy: me.OutboundTrafficPolicyRegistryOnly,
		Routing:               me.RoutingModeIstio,
	})
}

func mixed(ctx *pulumi.Context, kubeconfig pulumi.StringInput) (*me.MeshEgress, error) {
	return me.NewMeshEgress(ctx, "egress", &me.MeshEgressArgs{
		Kubeconfig: kubeconfig,
		ClusterIds: pulumi.StringArray{pulumi.String(cluster)},
		Gateway:    &me.GatewayArgs{Replicas: pulumi.Int(2)},
		Services: me.ExternalServiceArray{
			&me.ExternalServiceArgs{
				Name:      pulumi.String("aliyun"),
				Hosts:     pulumi.StringArray{pulumi.String("aliyun.com")},
				Ports:     me.ServicePortArray{&me.ServicePortArgs{Number: pulumi.Int(80), Protocol: me.PortProtocolHTTP}},
				AllowFrom: me.AllowFromArray{&me.AllowFromArgs{Namespace: pulumi.String("default")}},
			},
			&me.ExternalServiceArgs{
				Name:      pulumi.String("github"),
				Hosts:     pulumi.StringArray{pulumi.String("github.com"), pulumi.String("api.github.com")},
				Ports:     me.ServicePortArray{&me.ServicePortArgs{Number: pulumi.Int(443), Protocol: me.PortProtocolHTTPS}},
				AllowFrom: me.AllowFromArray{&me.AllowFromArgs{Namespace: pulumi.String("ci")}},
			},
			&me.ExternalServiceArgs{
				Name:  pulumi.String("payments"),
				Hosts: pulumi.StringArray{pulumi.String("api.payments.example.com")},
				Ports: me.ServicePortArray{&me.ServicePortArgs{
					Number:         pulumi.Int(80),
					Protocol:       me.PortProtocolHTTP,
					TlsOrigination: &me.TlsOriginationArgs{Port: pulumi.Int(443)},
				}},
				AllowFrom: me.AllowFromArray{&me.AllowFromArgs{Namespace: pulumi.String("shop"), ServiceAccount: pulumi.String("checkout")}},
				ExportTo:  pulumi.StringArray{pulumi.String("shop")},
			},
			&me.ExternalServiceArgs{
				Name:      pulumi.String("orders-db"),
				Hosts:     pulumi.StringArray{pulumi.String("orders-db.internal")},
				Ports:     me.ServicePortArray{&me.ServicePortArgs{Number: pulumi.Int(5432), Protocol: me.PortProtocolTCP}},
				Addresses: pulumi.StringArray{pulumi.String("10.20.0.0/24")},
				Endpoints: pulumi.StringArray{pulumi.String("10.20.0.15")},
				AllowFrom: me.AllowFromArray{&me.AllowFromArgs{Namespace: pulumi.String("shop"), ServiceAccount: pulumi.String("orders")}},
			},
		},
		RegistryOnlyNamespaces: pulumi.StringArray{pulumi.String("default"), pulumi.String("ci"), pulumi.String("shop")},
	})
}

// invalid has two problems at once: a port out of range and a host that is not a DNS name.
func invalid(ctx *pulumi.Context, kubeconfig pulumi.StringInput) (*me.MeshEgress, error) {
	return me.NewMeshEgress(ctx, "egress", &me.MeshEgressArgs{
		Kubeconfig: kubeconfig,
		ClusterIds: pulumi.StringArray{pulumi.String(cluster)},
		Services: me.ExternalServiceArray{
			&me.ExternalServiceArgs{
				Name:  pulumi.String("aliyun"),
				Hosts: pulumi.StringArray{pulumi.String("aliyun.com")},
				Ports: me.ServicePortArray{&me.ServicePortArgs{Number: pulumi.Int(70000), Protocol: me.PortProtocolHTTP}},
			},
			&me.ExternalServiceArgs{
				Name:  pulumi.String("bad-host"),
				Hosts: pulumi.StringArray{pulumi.String("not a host")},
				Ports: me.ServicePortArray{&me.ServicePortArgs{Number: pulumi.Int(443), Protocol: me.PortProtocolTLS}},
			},
		},
	})
}

var scenarios = map[string]func(*pulumi.Context, pulumi.StringInput) (*me.MeshEgress, error){
	"seed":    seed,
	"mixed":   mixed,
	"invalid": invalid,
}
