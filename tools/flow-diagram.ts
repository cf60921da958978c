/**
 * A Mermaid picture of what runs where and who may talk to whom, drawn from the flows the
 * NetworkPolicies are rendered from (`intendedFlows`): one box per namespace, one node per
 * workload or peer, one arrow per allowed flow with its ports. GitHub renders it, so a change
 * of flows shows as a change of the picture in review.
 */
import { intendedFlows, type Flow, type FlowPort, type Peer } from "../tracing/topology/network-policy";
import type { TracingSettings } from "../tracing/settings";

interface Node {
  readonly id: string;
  readonly label: string;
  /** The namespace box it is drawn in; none for an address outside the pod network. */
  readonly namespace?: string;
}

const mermaidId = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");

function nodeOf(peer: Peer): Node {
  switch (peer.kind) {
    case "pods":
      return { id: mermaidId(`${peer.group.namespace}_${peer.group.name}`), label: peer.group.name, namespace: peer.group.namespace };
    case "namespace":
      return { id: mermaidId(`${peer.namespace}_any`), label: `any pod in ${peer.namespace}`, namespace: peer.namespace };
    case "address":
      return { id: mermaidId(`address_${peer.ip}`), label: peer.ip };
  }
}

/** `4317, 4318` or `53 UDP+TCP`: the ports of a flow, TCP unless said. */
function portsLabel(ports: readonly FlowPort[]): string {
  const numbers = [...new Set(ports.map((p) => p.port))];
  const protocols = [...new Set(ports.map((p) => p.protocol))];
  return protocols.length === 1 && protocols[0] === "TCP" ? numbers.join(", ") : `${numbers.join(", ")} ${protocols.join("+")}`;
}

export function renderFlowDiagram(settings: TracingSettings): string {
  const flows: readonly Flow[] = intendedFlows(settings);
  const nodes = new Map<string, Node>();
  for (const flow of flows) for (const node of [nodeOf(flow.from), nodeOf(flow.to)]) nodes.set(node.id, node);
  const byNamespace = new Map<string | undefined, Node[]>();
  for (const node of nodes.values()) byNamespace.set(node.namespace, [...(byNamespace.get(node.namespace) ?? []), node]);
  const tracing = settings.kubernetes.namespace;
  // The tracing namespace first, the others by name, addresses last.
  const namespaces = [...byNamespace.keys()].sort((a, b) => (a === tracing ? -1 : b === tracing ? 1 : a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)));
  const lines = ["flowchart LR"];
  for (const namespace of namespaces) {
    const members = (byNamespace.get(namespace) ?? []).map((n) => `${n.id}["${n.label}"]`);
    if (namespace === undefined) lines.push(...members.map((m) => `  ${m}`));
    else lines.push(`  subgraph ${mermaidId(`ns_${namespace}`)}["namespace ${namespace}"]`, ...members.map((m) => `    ${m}`), "  end");
  }
  for (const flow of flows) lines.push(`  ${nodeOf(flow.from).id} -->|"${portsLabel(flow.ports)}"| ${nodeOf(flow.to).id}`);
  return `${lines.join("\n")}\n`;
}

/** The diagram as a fenced block, the way docs/architecture.md and the examples embed it. */
export const mermaidBlock = (settings: TracingSettings): string => `\`\`\`mermaid\n${renderFlowDiagram(settings)}\`\`\`\n`;
