"""Runs one engine operation on a MeshEgress stack declared through the Python SDK.

The program is inline (served from this process by the Automation API), so no Python language
host is needed: only the `pulumi` CLI, the Kubernetes provider and `pulumi-resource-mesh-egress`
on PATH. The request is one JSON object on stdin (tests/engine/sdkDriver.ts: DriverRequest); the
answer is one JSON object on stdout (DriverResult): the engine's steps, the change summary, the
stack outputs, or the error the operation failed with.
"""
import json
import sys
from pathlib import Path

import pulumi
import pulumi_kubernetes
from pulumi import automation as auto

from scenarios import SCENARIOS

# The component's outputs, as the committed schema names them (one list, not a copy of it here).
SCHEMA = Path(__file__).resolve().parents[4] / "schema.json"
OUTPUTS = list(json.loads(SCHEMA.read_text())["resources"]["mesh-egress:index:MeshEgress"]["properties"])


def type_name(value) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def program(scenario: str):
    def run() -> None:
        egress = SCENARIOS[scenario]()
        for name in OUTPUTS:
            pulumi.export(name, getattr(egress, snake_case(name)))
        # What the SDK hands the program, by type: generated output classes, the Kubernetes SDK's Provider.
        pulumi.export("listenerTypes", egress.listeners.apply(lambda ls: sorted({type_name(item) for item in ls})))
        pulumi.export("portTypes", egress.listeners.apply(lambda ls: sorted({type_name(item.port) for item in ls})))
        pulumi.export("providerType", pulumi.Output.from_input(egress.kubernetes_provider).apply(type_name))
        pulumi.export("providerIsKubernetes", pulumi.Output.from_input(egress.kubernetes_provider).apply(lambda p: isinstance(p, pulumi_kubernetes.Provider)))

    return run


def snake_case(name: str) -> str:
    """The Python SDK's snake_case name of a schema property."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def steps_of(events):
    steps = []
    for event in events:
        meta = None
        phase = None
        if event.resource_pre_event is not None:
            meta, phase = event.resource_pre_event.metadata, "pre"
        elif event.res_outputs_event is not None:
            meta, phase = event.res_outputs_event.metadata, "done"
        if meta is None:
            continue
        steps.append({
            "phase": phase,
            "op": meta.op.value if hasattr(meta.op, "value") else meta.op,
            "type": meta.type,
            "name": meta.urn.split("::")[-1],
            "inputs": meta.new.inputs if meta.new is not None else None,
        })
    return steps


def changes_of(summary) -> dict:
    return {(k.value if hasattr(k, "value") else k): v for k, v in (summary or {}).items()}


def main() -> None:
    request = json.load(sys.stdin)
    stack = auto.create_or_select_stack(
        stack_name=request["stackName"],
        project_name=request["project"],
        program=program(request["scenario"]),
        opts=auto.LocalWorkspaceOptions(
            work_dir=request["workDir"],
            pulumi_home=request["pulumiHome"],
            project_settings=auto.ProjectSettings(
                name=request["project"], runtime="python", backend=auto.ProjectBackend(url=request["backendUrl"])
            ),
            env_vars=request["env"],
        ),
    )
    stack.set_config("kubeconfig", auto.ConfigValue(value=request["kubeconfig"], secret=True))
    events = []
    result = {"steps": [], "changes": {}, "outputs": {}}
    try:
        operation = request["operation"]
        if operation == "preview":
            r = stack.preview(on_event=events.append)
            result["changes"] = changes_of(r.change_summary)
        elif operation == "up":
            r = stack.up(on_event=events.append)
            result["changes"] = changes_of(r.summary.resource_changes)
        elif operation == "destroy":
            r = stack.destroy(on_event=events.append)
            result["changes"] = changes_of(r.summary.resource_changes)
        else:
            raise ValueError(f"unknown operation {operation}")
        result["outputs"] = {k: {"value": v.value, "secret": v.secret} for k, v in stack.outputs().items()}
    except auto.errors.CommandError as e:
        result["error"] = str(e)
    result["steps"] = steps_of(events)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
