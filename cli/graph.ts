// The dependency graph of a plan as Mermaid or Graphviz DOT. Edges are exactly the
// component's dependsOn: an arrow A --> B means A must exist before B.
import { qualifiedName } from "../components/manifest";
import { EGRESS_IP_NODE, EgressPlan, MESH_NODE, objectDependencies } from "../components/plan";

export interface GraphNode {
    id: string;
    label: string;
}

export interface DependencyGraph {
    nodes: GraphNode[];
    /** [before, after] */
    edges: [string, string][];
}

export function dependencyGraph(plan: EgressPlan): DependencyGraph {
    const deps = objectDependencies(plan);
    const nodes: GraphNode[] = plan.objects.map((o) => ({ id: o.id, label: `${o.manifest.kind}\n${qualifiedName(o.manifest)}` }));
    if (plan.spec.egressIp) nodes.unshift({ id: EGRESS_IP_NODE, label: "Egress IP\n(NAT gateway, EIPs, SNAT entries, node pool)" });
    if (plan.spec.meshMode === "new") nodes.unshift({ id: MESH_NODE, label: "ServiceMesh\n(new ASM instance)" });
    const edges = plan.objects.flatMap((o) => deps.get(o.id)!.map((d): [string, string] => [d, o.id]));
    return { nodes, edges };
}

/** Mermaid node ids allow letters, digits and '_'; ids are unique after mapping '-' and '.'. */
function mermaidId(id: string): string {
    return `n_${id.replace(/[^A-Za-z0-9]/g, "_")}`;
}

export function toMermaid(graph: DependencyGraph): string {
    const lines = ["flowchart LR"];
    for (const n of graph.nodes) lines.push(`    ${mermaidId(n.id)}["${n.label.replace(/"/g, "#quot;").replace("\n", "<br/>")}"]`);
    for (const [from, to] of graph.edges) lines.push(`    ${mermaidId(from)} --> ${mermaidId(to)}`);
    return `${lines.join("\n")}\n`;
}

function dotString(text: string): string {
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function toDot(graph: DependencyGraph): string {
    const lines = ["digraph mesh_egress {", "    rankdir=LR;", "    node [shape=box];"];
    for (const n of graph.nodes) lines.push(`    ${dotString(n.id)} [label=${dotString(n.label)}];`);
    for (const [from, to] of graph.edges) lines.push(`    ${dotString(from)} -> ${dotString(to)};`);
    lines.push("}");
    return `${lines.join("\n")}\n`;
}
