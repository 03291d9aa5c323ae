"""The engine scenarios declared through the generated Python SDK, as a Python user writes them.

Each is the TypeScript suite's scenario of the same name (tests/engine/scenarios.ts): the seed
procedure (examples/aliyun), the mixed example (examples/mixed) and an input with two problems.
The seed is the README's Python example, line for line (tests/readme.test.ts).
"""
import pulumi
import pulumi_mesh_egress as mesh_egress


def seed() -> mesh_egress.MeshEgress:
    return mesh_egress.MeshEgress(
        "egress",
        kubeconfig=pulumi.Config().require_secret("kubeconfig"),
        cluster_ids=["c0123456789abcdef0123456789abcdef"],
        gateway=mesh_egress.GatewayArgs(name="egressgateway", replicas=2),
        services=[
            mesh_egress.ExternalServiceArgs(
                name="aliyun",
                hosts=["aliyun.com"],
                ports=[mesh_egress.ServicePortArgs(number=80, protocol=mesh_egress.PortProtocol.HTTP)],
            ),
        ],
        outbound_traffic_policy=mesh_egress.OutboundTrafficPolicy.REGISTRY_ONLY,
        routing=mesh_egress.RoutingMode.ISTIO,
    )


def mixed() -> mesh_egress.MeshEgress:
    return mesh_egress.MeshEgress(
        "egress",
        kubeconfig=pulumi.Config().require_secret("kubeconfig"),
        cluster_ids=["c0123456789abcdef0123456789abcdef"],
        gateway=mesh_egress.GatewayArgs(replicas=2),
        services=[
            mesh_egress.ExternalServiceArgs(
                name="aliyun",
                hosts=["aliyun.com"],
                ports=[mesh_egress.ServicePortArgs(number=80, protocol=mesh_egress.PortProtocol.HTTP)],
                allow_from=[mesh_egress.AllowFromArgs(namespace="default")],
            ),
            mesh_egress.ExternalServiceArgs(
                name="github",
                hosts=["github.com", "api.github.com"],
                ports=[mesh_egress.ServicePortArgs(number=443, protocol=mesh_egress.PortProtocol.HTTPS)],
                allow_from=[mesh_egress.AllowFromArgs(namespace="ci")],
            ),
            mesh_egress.ExternalServiceArgs(
                name="payments",
                hosts=["api.payments.example.com"],
                ports=[
                    mesh_egress.ServicePortArgs(
                        number=80,
                        protocol=mesh_egress.PortProtocol.HTTP,
                        tls_origination=mesh_egress.TlsOriginationArgs(port=443),
                    ),
                ],
                allow_from=[mesh_egress.AllowFromArgs(namespace="shop", service_account="checkout")],
                export_to=["shop"],
            ),
            mesh_egress.ExternalServiceArgs(
                name="orders-db",
                hosts=["orders-db.internal"],
                ports=[mesh_egress.ServicePortArgs(number=5432, protocol=mesh_egress.PortProtocol.TCP)],
                addresses=["10.20.0.0/24"],
                endpoints=["10.20.0.15"],
                allow_from=[mesh_egress.AllowFromArgs(namespace="shop", service_account="orders")],
            ),
        ],
        registry_only_namespaces=["default", "ci", "shop"],
    )


def invalid() -> mesh_egress.MeshEgress:
    """Two problems at once: a port out of range and a host that is not a DNS name."""
    return mesh_egress.MeshEgress(
        "egress",
        kubeconfig=pulumi.Config().require_secret("kubeconfig"),
        cluster_ids=["c0123456789abcdef0123456789abcdef"],
        services=[
            mesh_egress.ExternalServiceArgs(
                name="aliyun",
                hosts=["aliyun.com"],
                ports=[mesh_egress.ServicePortArgs(number=70000, protocol=mesh_egress.PortProtocol.HTTP)],
            ),
            mesh_egress.ExternalServiceArgs(
                name="bad-host",
                hosts=["not a host"],
                ports=[mesh_egress.ServicePortArgs(number=443, protocol=mesh_egress.PortProtocol.TLS)],
            ),
        ],
    )


SCENARIOS = {"seed": seed, "mixed": mixed, "invalid": invalid}
