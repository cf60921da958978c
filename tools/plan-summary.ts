/**
 * `npm run plan:summary -- <plan.json> [--markdown]`: turns `terraform show -json <plan>`
 * (Terraform's JSON plan representation, format 1.x) into a short review: counts, then what
 * puts stored traces at risk, then the network flows the plan opens and closes (the prod
 * stack's NetworkPolicies before and after, through the project's evaluator), then every
 * change with its changed fields. Sensitive values are
 * masked; unknown values show as `(known after apply)`. Exit code 1 when data is at risk, 2 when
 * the arguments or the plan file are bad.
 */
import { readFileSync } from "node:fs";
import { CommandError, readEnvironment, resolveEnvironment, runCommand, UsageError } from "../environment";
import { parseOptions, userPath } from "./options";
import { flowChanges, renderFlowChanges, type FlowChanges } from "./reachability";
import { dataGuardRisk, ELASTICSEARCH_CHART, elasticsearchValuesRisks, isDataGuard } from "./data-risk";
import { diffValues, formatValue, MASK } from "./structural-diff";

type Json = any;

export interface PlannedChange {
  readonly address: string;
  readonly action: "create" | "update" | "replace" | "delete";
  /** Why Terraform replaces, and which attributes force it. */
  readonly reason?: string;
  readonly fields: ReturnType<typeof diffValues>;
  /** Set when the change can lose stored traces or open access: what and why. */
  readonly risk?: string;
  /** The change loses stored traces although Terraform keeps the resource (an in-place Helm upgrade). */
  readonly losesData?: boolean;
}

/** What removing or replacing each chart's release does to the stored traces. */
const DATA_CHARTS: Readonly<Record<string, string>> = {
  "eck-elasticsearch": "eck-elasticsearch release (the Elasticsearch cluster: its pods go, its PVCs stay until the namespace goes)",
  "eck-operator": "eck-operator release (nothing reconciles Elasticsearch any more; the ECK CRDs stay, helm.sh/resource-policy: keep)",
};

/** A risk an update carries although Terraform keeps the resource in place. */
function inPlaceDataRisk(rc: Json, action: PlannedChange["action"]): string | undefined {
  if (action !== "update" || rc.type !== "helm_release" || rc.change.after?.chart !== ELASTICSEARCH_CHART) return undefined;
  const risks = elasticsearchValuesRisks(rc.change.before?.values, rc.change.after?.values);
  return risks.length > 0 ? `eck-elasticsearch release upgraded in place, but ${risks.join("; ")}` : undefined;
}

function risk(rc: Json, action: PlannedChange["action"]): string | undefined {
  const destructive = action === "delete" || action === "replace";
  if (destructive && isDataGuard(rc.type, rc.change.before)) return `Elasticsearch data guard: ${dataGuardRisk(rc.change.before, rc.change.after)}`;
  const chart = rc.change.before?.chart ?? rc.change.after?.chart;
  if (destructive && rc.type === "docker_volume") return "Elasticsearch data volume";
  if (destructive && /persistent_volume_claim/.test(rc.type)) return "persistent volume claim";
  if (destructive && rc.type === "helm_release" && DATA_CHARTS[chart]) return DATA_CHARTS[chart];
  if (destructive && /^kubernetes_namespace/.test(rc.type)) {
    return "namespace: deletes everything in it, the Elasticsearch PVCs included (and their volumes where the StorageClass reclaims with Delete): every stored trace";
  }
  if (/^kubernetes_network_policy/.test(rc.type) && action !== "create") return "NetworkPolicy changed: check no flow is loosened";
  return undefined;
}

function actionOf(actions: readonly string[]): PlannedChange["action"] | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("update")) return "update";
  return undefined;
}

/** `value` with every path marked in `marks` (Terraform's *_sensitive / after_unknown) replaced. */
function overlay(value: Json, marks: Json, replacement: string): Json {
  if (marks === true) return replacement;
  if (marks === undefined || marks === false || marks === null) return value;
  if (Array.isArray(marks)) {
    const base = Array.isArray(value) ? value : [];
    return marks.map((m, i) => overlay(base[i], m, replacement)).concat(base.slice(marks.length));
  }
  if (typeof marks === "object") {
    const base = value && typeof value === "object" ? value : {};
    const keys = new Set([...Object.keys(base), ...Object.keys(marks)]);
    return Object.fromEntries([...keys].map((k) => [k, overlay(base[k], marks[k], replacement)]).filter(([, v]) => v !== undefined));
  }
  return value;
}

/**
 * Hides sensitive values on both sides, while still showing that a hidden value changed
 * (a rotated password must not vanish from the review).
 */
function maskSensitive(before: Json, after: Json, beforeMarks: Json, afterMarks: Json): [Json, Json] {
  if (beforeMarks === true || afterMarks === true) {
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    return [before === undefined || before === null ? before : MASK, after === undefined || after === null ? after : changed ? `${MASK} changed` : MASK];
  }
  const isContainer = (v: Json) => v !== null && typeof v === "object";
  if (!isContainer(beforeMarks) && !isContainer(afterMarks)) return [before, after];
  if (Array.isArray(before) || Array.isArray(after)) {
    const b = Array.isArray(before) ? before : [];
    const a = Array.isArray(after) ? after : [];
    const pairs = Array.from({ length: Math.max(b.length, a.length) }, (_, i) => maskSensitive(b[i], a[i], beforeMarks?.[i], afterMarks?.[i]));
    return [Array.isArray(before) ? pairs.slice(0, b.length).map((p) => p[0]) : before, Array.isArray(after) ? pairs.slice(0, a.length).map((p) => p[1]) : after];
  }
  const b = isContainer(before) ? before : {};
  const a = isContainer(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const pairs = Object.fromEntries(keys.map((k) => [k, maskSensitive(b[k], a[k], beforeMarks?.[k], afterMarks?.[k])]));
  const side = (source: Json, index: 0 | 1) => (isContainer(source) ? Object.fromEntries(Object.keys(source).map((k) => [k, pairs[k][index]])) : source);
  return [side(before, 0), side(after, 1)];
}

export function summarizePlan(plan: Json): PlannedChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc: Json) => rc.mode !== "data")
    .flatMap((rc: Json): PlannedChange[] => {
      const action = actionOf(rc.change.actions);
      if (!action) return [];
      const [before, maskedAfter] = maskSensitive(rc.change.before, rc.change.after, rc.change.before_sensitive, rc.change.after_sensitive);
      const after = overlay(maskedAfter, rc.change.after_unknown, "(known after apply)");
      const fields = action === "update" || action === "replace" ? diffValues(before ?? {}, after ?? {}) : [];
      const forcedBy = (rc.change.replace_paths ?? []).map((p: Json[]) => p.join(".")).join(", ");
      const reason = action === "replace" ? [rc.action_reason, forcedBy && `forced by ${forcedBy}`].filter(Boolean).join(", ") : undefined;
      const inPlace = inPlaceDataRisk(rc, action);
      return [{ address: rc.address, action, reason: reason || undefined, fields, risk: inPlace ?? risk(rc, action), ...(inPlace ? { losesData: true } : {}) }];
    })
    .sort((a: PlannedChange, b: PlannedChange) => a.address.localeCompare(b.address));
}

const SYMBOL = { create: "+", update: "~", replace: "-/+", delete: "-" } as const;

/** Blocks Terraform's state holds as one-element lists where the synthesized JSON has objects. */
export const SINGLE_BLOCKS: ReadonlySet<string> = new Set(["metadata", "spec", "template", "pod_selector", "namespace_selector", "ip_block"]);

function asConfigShape(value: Json): Json {
  if (Array.isArray(value)) return value.map(asConfigShape);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, SINGLE_BLOCKS.has(key) && Array.isArray(v) ? (v.length > 0 ? asConfigShape(v[0]) : undefined) : asConfigShape(v)]),
  );
}

/**
 * The managed resources before and after the plan, in the synthesized JSON's shape (what
 * `prodClusterModel` reads): every resource the plan mentions, unchanged ones included.
 */
export function planDocuments(plan: Json): { before: Json; after: Json } {
  const side = (pick: "before" | "after") => {
    const resource: Record<string, Record<string, Json>> = {};
    for (const rc of plan.resource_changes ?? []) {
      const value = rc.mode === "data" ? undefined : rc.change[pick];
      if (value === null || value === undefined) continue;
      // Named as in the synthesized JSON (a counted resource by its index too).
      (resource[rc.type] ??= {})[rc.index === undefined ? rc.name : `${rc.name}[${rc.index}]`] = asConfigShape(value);
    }
    return { resource };
  };
  return { before: side("before"), after: side("after") };
}

/** A change that can lose stored traces: a destructive one with a risk, or an in-place one that empties the cluster. */
const isDataRisk = (c: PlannedChange) => c.risk !== undefined && (c.action === "delete" || c.action === "replace" || c.losesData === true);

export function renderPlanSummary(changes: readonly PlannedChange[], format: "text" | "markdown", flows?: FlowChanges): string {
  const count = (action: PlannedChange["action"]) => changes.filter((c) => c.action === action).length;
  const dataRisks = changes.filter(isDataRisk);
  const reviews = changes.filter((c) => c.risk && !dataRisks.includes(c));
  const lines = [
    `${format === "markdown" ? "## " : ""}Plan: ${count("create")} to create, ${count("update")} to update, ${count("replace")} to replace, ${count("delete")} to delete`,
    "",
  ];
  const bullet = (c: PlannedChange) => `${format === "markdown" ? "- " : "  "}${c.action.toUpperCase()} ${c.address}: ${c.risk}${c.reason ? ` (${c.reason})` : ""}`;
  if (dataRisks.length > 0) lines.push(`${format === "markdown" ? "**" : ""}!! DATA AT RISK${format === "markdown" ? "**" : ""}`, ...dataRisks.map(bullet), "");
  if (flows) lines.push(...renderFlowChanges(flows, format));
  if (reviews.length > 0) lines.push("Review with care:", ...reviews.map(bullet), "");
  if (format === "markdown") lines.push("```diff");
  for (const c of changes) {
    lines.push(`${SYMBOL[c.action]} ${c.address}${c.reason ? `  (${c.reason})` : ""}`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${formatValue(f.before)} -> ${formatValue(f.after)}`);
  }
  if (format === "markdown") lines.push("```");
  return lines.join("\n").concat("\n");
}

/** The JSON plan in `file`; a `CommandError` saying why not. */
export function readPlan(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CommandError(`cannot read the plan ${file}: ${(error as Error).message}`);
  }
  let plan: Json;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new CommandError(`${file} is not JSON (write the plan with terraform show -json plan): ${(error as Error).message}`);
  }
  // Any other JSON would summarize as an empty plan: "nothing at risk" for a wrong file.
  const notAPlan = (why: string) => new CommandError(`${file} is no Terraform JSON plan: ${why} (write one with terraform show -json plan)`);
  if (typeof plan?.format_version !== "string") throw notAPlan("it has no format_version string");
  // A state file (`terraform show -json` without a plan) has `values`, and no planned ones.
  if (plan.planned_values === undefined && plan.resource_changes === undefined) throw notAPlan("it has neither planned_values nor resource_changes (a state file?)");
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) throw notAPlan("resource_changes is not a list");
  const malformed = changes.findIndex((rc: Json) => typeof rc?.address !== "string" || !Array.isArray(rc?.change?.actions));
  if (malformed >= 0) throw notAPlan(`resource_changes[${malformed}] has no address or change.actions`);
  return plan;
}

if (require.main === module) {
  runCommand(() => {
    const usage = "npm run plan:summary -- <plan.json> [--markdown]   (plan.json from `terraform show -json plan`, relative to your working directory)";
    const options = parseOptions(process.argv.slice(2), { usage, flags: ["--markdown"], positionals: 1 });
    const [file] = options.positionals;
    if (file === undefined) throw new UsageError(`a plan file is needed\nusage: ${usage}`);
    // Relative to where the user typed npm run, not the package root npm runs it from.
    const plan = readPlan(userPath(file));
    const changes = summarizePlan(plan);
    // Flows only for a plan of the prod stack (one with NetworkPolicies), under the settings
    // `cdktf synth` reads here, which name the namespaces and the DNS the model stands in for.
    const documents = planDocuments(plan);
    const policies = [documents.before, documents.after].flatMap((doc) => Object.values<Json>(doc.resource.kubernetes_network_policy_v1 ?? {}));
    const settings = policies.length > 0 ? resolveEnvironment(readEnvironment(process.cwd(), process.env)).prod : undefined;
    // A plan always holds whole objects; a hand-cut one may not, and then flows cannot be judged.
    const whole = policies.every((p) => typeof p.metadata?.name === "string" && p.spec?.pod_selector !== undefined);
    const flows = settings && whole ? flowChanges({ doc: documents.before, settings }, { doc: documents.after, settings }) : undefined;
    if (settings && !whole) process.stderr.write("network flows not evaluated: the plan holds NetworkPolicies without their metadata or pod selector\n");
    process.stdout.write(renderPlanSummary(changes, options.flags.has("--markdown") ? "markdown" : "text", flows));
    return changes.some(isDataRisk) ? 1 : 0;
  }, 2);
}
