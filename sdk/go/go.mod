module github.com/mesh-egress/mesh-egress/sdk/go

go 1.25

require (
	github.com/pulumi/pulumi/sdk/v3 v3.269.0
	github.com/pulumi/pulumi-kubernetes/sdk/v4 v4.32.0
)
