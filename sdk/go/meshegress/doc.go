// Pulumi component that routes a service mesh's outbound traffic through an Alibaba Cloud Service Mesh (ASM) egress gateway
package meshegress
