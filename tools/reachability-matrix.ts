/**
 * Who may reach each destination port of the prod stack, grouped by destination: the
 * `npm run netpol:matrix` report (tools/netpol-matrix.ts is its command line).
 */
import type { TracingSettings } from "../tracing/settings";
import type { ProdClusterModel } from "./prod-cluster-model";
import { allowedReaches, describeRole, destinationsOf, type Destination } from "./reachability";

/** The widest line of the text output. */
const WIDTH = 100;
/** The widest destination label kept in the label column. */
const MAX_LABEL = 30;

export interface DestinationRow {
  readonly destination: Destination;
  /** Roles our policies let reach it: a tracing pod at one end at least. */
  readonly governed: readonly string[];
}

export interface Matrix {
  readonly rows: readonly DestinationRow[];
  /** Allowed connections between pods outside the tracing namespace (no policy of ours applies). */
  readonly ungoverned: number;
  readonly allowed: number;
  readonly checked: number;
}

export function reachabilityMatrix(model: ProdClusterModel, settings: TracingSettings): Matrix {
  const inTracing = (role: string) => model.pods[role]?.namespace === settings.kubernetes.namespace;
  const reaches = allowedReaches(model);
  const governed = reaches.filter((r) => inTracing(r.from) || inTracing(r.to.role));
  const rows = destinationsOf(model).map((destination) => ({
    destination,
    governed: governed.filter((r) => r.to.label === destination.label).map((r) => r.from),
  }));
  return {
    rows,
    ungoverned: reaches.length - governed.length,
    allowed: reaches.length,
    // Every pod, and the internet, as a source.
    checked: (Object.keys(model.pods).length + 1) * rows.length,
  };
}

/** `items` joined by ", " into lines no wider than `WIDTH`, the first after `prefix`. */
function wrapped(prefix: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const [i, item] of items.entries()) {
    const piece = `${item}${i < items.length - 1 ? "," : ""}`;
    if (line.length + piece.length + 1 > WIDTH && line.trim() !== "") {
      lines.push(line.trimEnd());
      line = " ".repeat(prefix.length);
    }
    line += `${piece} `;
  }
  lines.push(line.trimEnd());
  return lines;
}

export function renderMatrix(matrix: Matrix, model: ProdClusterModel, tracing: string, format: "text" | "markdown"): string {
  // Outside the tracing namespace our policies govern only what tracing pods send.
  const who = (row: DestinationRow) =>
    row.governed.length > 0 ? row.governed.map((r) => describeRole(r, model)) : [model.pods[row.destination.role]?.namespace === tracing ? "nobody" : "no tracing pod"];
  const lines: string[] = [];
  if (format === "markdown") {
    lines.push("| destination | may be reached from |", "|---|---|");
    for (const row of matrix.rows) lines.push(`| \`${row.destination.label}\` | ${who(row).join(", ")} |`);
  } else {
    // A long label (a 63-character client namespace) gets a line of its own instead of a wide column.
    const labelWidth = Math.min(MAX_LABEL, Math.max(...matrix.rows.map((r) => r.destination.label.length))) + 2;
    let group = "";
    for (const row of matrix.rows) {
      if (row.destination.role !== group) {
        group = row.destination.role;
        const where = model.pods[group] ? ` (${model.pods[group].namespace})` : "";
        lines.push("", group.length + where.length <= WIDTH ? `${group}${where}` : group);
      }
      const label = row.destination.label;
      if (label.length > MAX_LABEL) lines.push(`  ${label}`);
      lines.push(...wrapped(`  ${(label.length > MAX_LABEL ? "" : label).padEnd(labelWidth)}`, who(row)));
    }
  }
  lines.push(
    "",
    `${matrix.allowed} of ${matrix.checked} source-destination pairs allowed; ${matrix.ungoverned} of them between pods outside`,
    "the tracing namespace, which no policy of ours governs (not listed). Kubelet probes from each node",
    "are always allowed (a Kubernetes rule) and are not shown.",
  );
  return `${lines.join("\n")}\n`;
}
