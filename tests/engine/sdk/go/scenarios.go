package main

// The engine scenarios declared through the generated Go SDK, as a Go user writes them. Each is
// the TypeScript suite's scenario of the same name (tests/engine/scenarios.ts): the seed procedure
// (examples/aliyun), the mixed example (examples/mixed) and an input with two problems. The seed
// is the README's Go example, line for line (tests/readme.test.ts).

import (
	"github.com/mesh-egress/mesh-egress/sdk/go/meshegress"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func seed(ctx *pulumi.Context) (*meshegress.MeshEgress, error) {
	return meshegress.NewMeshEgress(ctx, "egress", &meshegress.MeshEgressArgs{
		Kubeconfig: config.RequireSecret(ctx, "kubeconfig"),
		ClusterIds: pulumi.StringArray{pulumi.String("c0123456789abcdef0123456789abcdef")},
		Gateway:    &meshegress.GatewayArgs{Name: pulumi.String("egressgateway"), Replicas: pulumi.Int(2)},
		Services: meshegress.ExternalServiceArray{
			&meshegress.ExternalServiceArgs{
				Name:  pulumi.String("aliyun"),
				Hosts: pulumi.StringArray{pulumi.String("aliyun.com")},
				Ports: meshegress.ServicePortArray{&meshegress.ServicePortArgs{Number: pulumi.Int(80), Protocol: meshegress.PortProtocolHTTP}},
			},
		},
		OutboundTrafficPolicy: meshegress.OutboundTrafficPolicyRegistryOnly,
		Routing:               meshegress.RoutingModeIstio,
	})
}

func mixed(ctx *pulumi.Context) (*meshegress.MeshEgress, error) {
	return meshegress.NewMeshEgress(ctx, "egress", &meshegress.MeshEgressArgs{
		Kubeconfig: config.RequireSecret(ctx, "kubeconfig"),
		ClusterIds: pulumi.StringArray{pulumi.String("c0123456789abcdef0123456789abcdef")},
		Gateway:    &meshegress.GatewayArgs{Replicas: pulumi.Int(2)},
		Services: meshegress.ExternalServiceArray{
			&meshegress.ExternalServiceArgs{
				Name:      pulumi.String("aliyun"),
				Hosts:     pulumi.StringArray{pulumi.String("aliyun.com")},
				Ports:     meshegress.ServicePortArray{&meshegress.ServicePortArgs{Number: pulumi.Int(80), Protocol: meshegress.PortProtocolHTTP}},
				AllowFrom: meshegress.AllowFromArray{&meshegress.AllowFromArgs{Namespace: pulumi.String("default")}},
			},
			&meshegress.ExternalServiceArgs{
				Name:      pulumi.String("github"),
				Hosts:     pulumi.StringArray{pulumi.String("github.com"), pulumi.String("api.github.com")},
				Ports:     meshegress.ServicePortArray{&meshegress.ServicePortArgs{Number: pulumi.Int(443), Protocol: meshegress.PortProtocolHTTPS}},
				AllowFrom: meshegress.AllowFromArray{&meshegress.AllowFromArgs{Namespace: pulumi.String("ci")}},
			},
			&meshegress.ExternalServiceArgs{
				Name:  pulumi.String("payments"),
				Hosts: pulumi.StringArray{pulumi.String("api.payments.example.com")},
				Ports: meshegress.ServicePortArray{&meshegress.ServicePortArgs{
					Number:         pulumi.Int(80),
					Protocol:       meshegress.PortProtocolHTTP,
					TlsOrigination: &meshegress.TlsOriginationArgs{Port: pulumi.Int(443)},
				}},
				AllowFrom: meshegress.AllowFromArray{&meshegress.AllowFromArgs{Namespace: pulumi.String("shop"), ServiceAccount: pulumi.String("checkout")}},
				ExportTo:  pulumi.StringArray{pulumi.String("shop")},
			},
			&meshegress.ExternalServiceArgs{
				Name:      pulumi.String("orders-db"),
				Hosts:     pulumi.StringArray{pulumi.String("orders-db.internal")},
				Ports:     meshegress.ServicePortArray{&meshegress.ServicePortArgs{Number: pulumi.Int(5432), Protocol: meshegress.PortProtocolTCP}},
				Addresses: pulumi.StringArray{pulumi.String("10.20.0.0/24")},
				Endpoints: pulumi.StringArray{pulumi.String("10.20.0.15")},
				AllowFrom: meshegress.AllowFromArray{&meshegress.AllowFromArgs{Namespace: pulumi.String("shop"), ServiceAccount: pulumi.String("orders")}},
			},
		},
		RegistryOnlyNamespaces: pulumi.StringArray{pulumi.String("default"), pulumi.String("ci"), pulumi.String("shop")},
	})
}

// invalid has two problems at once: a port out of range and a host that is not a DNS name.
func invalid(ctx *pulumi.Context) (*meshegress.MeshEgress, error) {
	return meshegress.NewMeshEgress(ctx, "egress", &meshegress.MeshEgressArgs{
		Kubeconfig: config.RequireSecret(ctx, "kubeconfig"),
		ClusterIds: pulumi.StringArray{pulumi.String("c0123456789abcdef0123456789abcdef")},
		Services: meshegress.ExternalServiceArray{
			&meshegress.ExternalServiceArgs{
				Name:  pulumi.String("aliyun"),
				Hosts: pulumi.StringArray{pulumi.String("aliyun.com")},
				Ports: meshegress.ServicePortArray{&meshegress.ServicePortArgs{Number: pulumi.Int(70000), Protocol: meshegress.PortProtocolHTTP}},
			},
			&meshegress.ExternalServiceArgs{
				Name:  pulumi.String("bad-host"),
				Hosts: pulumi.StringArray{pulumi.String("not a host")},
				Ports: meshegress.ServicePortArray{&meshegress.ServicePortArgs{Number: pulumi.Int(443), Protocol: meshegress.PortProtocolTLS}},
			},
		},
	})
}

var scenarios = map[string]func(*pulumi.Context) (*meshegress.MeshEgress, error){
	"seed":    seed,
	"mixed":   mixed,
	"invalid": invalid,
}
