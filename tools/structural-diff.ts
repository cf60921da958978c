/**
 * A readable, deterministic diff of two JSON values, for reviewing infrastructure changes:
 * nested objects are compared key by key, arrays of named items by name, `KEY=value` lists
 * as maps, and strings that hold YAML or JSON documents (Jaeger configs, Helm values, ILM
 * policy, scripts aside) structurally instead of as one changed string. Secret values are
 * masked.
 */
import { parse as parseYaml } from "yaml";

export interface FieldChange {
  /** Where, e.g. `upload[/etc/jaeger/config/config.yaml].content⟨yaml⟩.processors.batch`. */
  readonly path: string;
  /** Absent when the field is new. */
  readonly before?: unknown;
  /** Absent when the field is gone. */
  readonly after?: unknown;
}

/** Keys whose values are secrets; their values never appear in a diff. */
const SECRET_KEY = /(password|passwd|secret|token|private_key|api_?key|sensitive)/i;
export const MASK = "(masked)";

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A string that holds a YAML/JSON mapping or list (not a scalar, not a shell script). */
function embeddedDocument(value: string): { kind: "yaml" | "json"; doc: Json } | undefined {
  if (value.length < 2 || value.startsWith("#!")) return undefined;
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { kind: "json", doc: JSON.parse(trimmed) };
    } catch {
      // not JSON; may still be YAML flow style
    }
  }
  if (!value.includes("\n")) return undefined;
  try {
    const doc = parseYaml(value);
    return isObject(doc) || Array.isArray(doc) ? { kind: "yaml", doc } : undefined;
  } catch {
    return undefined;
  }
}

/** Arrays of `KEY=value` strings (container env) compare as maps. */
function asEnvMap(value: Json): Record<string, string> | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every((e) => typeof e === "string" && /^[A-Za-z_][\w.]*=/.test(e))) return undefined;
  return Object.fromEntries(value.map((e: string) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

/** Arrays of objects that each carry a distinct `name`, `file` or `key` compare by it. */
function itemKey(value: Json[]): string | undefined {
  for (const key of ["name", "file", "key", "mount_path", "alert"]) {
    const names = value.map((v) => (isObject(v) ? v[key] : undefined));
    if (names.every((n) => typeof n === "string") && new Set(names).size === names.length) return key;
  }
  return undefined;
}

/** One step of an alignment of two sequences: an item kept, or one only the old or the new side has. */
type Step = { readonly kind: "same"; readonly i: number; readonly j: number } | { readonly kind: "removed"; readonly i: number } | { readonly kind: "added"; readonly j: number };

/** The longest common subsequence of two sequences of keys, as the steps from one to the other. */
function align(a: readonly string[], b: readonly string[]): Step[] {
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) steps.push({ kind: "same", i: i++, j: j++ });
    else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) steps.push({ kind: "removed", i: i++ });
    else steps.push({ kind: "added", j: j++ });
  }
  return steps;
}

/**
 * Changed lines of two texts, as `⟨line N⟩` changes. A line replaced by another, both JSON
 * documents (an embedded request body), is diffed as JSON.
 */
function diffLines(before: string, after: string, path: string, recurse: (b: Json, a: Json, p: string) => FieldChange[]): FieldChange[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const changes: FieldChange[] = [];
  for (const step of align(a, b)) {
    if (step.kind === "removed") changes.push({ path: `${path}⟨line ${step.i + 1}⟩`, before: a[step.i] });
    if (step.kind !== "added") continue;
    const replaced = changes[changes.length - 1];
    const oldDoc = replaced && replaced.after === undefined && typeof replaced.before === "string" ? embeddedDocument(replaced.before) : undefined;
    const newDoc = oldDoc ? embeddedDocument(b[step.j]) : undefined;
    if (oldDoc && newDoc && oldDoc.kind === "json" && newDoc.kind === "json") {
      changes.pop();
      changes.push(...recurse(oldDoc.doc, newDoc.doc, `${path}⟨line ${step.j + 1}⟩⟨json⟩`));
    } else {
      changes.push({ path: `${path}⟨line ${step.j + 1}⟩`, after: b[step.j] });
    }
  }
  return changes;
}

/**
 * Lists compared by identity, not position: items equal on both sides are matched wherever
 * they stand, so one rule inserted in the middle of a NetworkPolicy reads as one added item,
 * not as every later rule changed. Between matched items, exactly one removed and one added
 * item are one item changed (diffed field by field, at its new index); anything else there is
 * whole items removed and added, since pairing by position could make a widened rule read
 * as a harmless edit of its neighbour. Items of an unordered list are never paired.
 */
function diffList(
  before: Json[],
  after: Json[],
  path: string,
  recurse: (b: Json, a: Json, p: string) => FieldChange[],
  masked: (p: string, v: Json) => Json,
  ordered: boolean,
): FieldChange[] {
  const key = (item: Json) => JSON.stringify(item);
  const changes: FieldChange[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    const paired = ordered && removed.length === 1 && added.length === 1 ? 1 : 0;
    for (let k = 0; k < paired; k++) changes.push(...recurse(before[removed[k]], after[added[k]], `${path}[${added[k]}]`));
    for (const i of removed.slice(paired)) changes.push({ path: `${path}[${i}]`, before: masked(path, before[i]) });
    for (const j of added.slice(paired)) changes.push({ path: `${path}[${j}]`, after: masked(path, after[j]) });
    removed = [];
    added = [];
  };
  for (const step of align(before.map(key), after.map(key))) {
    if (step.kind === "same") flush();
    else if (step.kind === "removed") removed.push(step.i);
    else added.push(step.j);
  }
  flush();
  return changes;
}

/** Lists whose order means nothing to Terraform: compared as sets. */
const UNORDERED = /(^|\.)depends_on$/;

const child = (path: string, key: string) => (path === "" ? key : /^[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${key}]`);

/** A value under a secret-named key or in a secret object, hidden; inside a whole object, its secret keys' values. */
function mask(path: string, value: Json, maskAll: boolean): Json {
  const last = path.split(/[.[\]⟩]/).filter(Boolean).pop() ?? "";
  if (value !== undefined && (maskAll || SECRET_KEY.test(last))) return MASK;
  if (Array.isArray(value)) return value.map((v) => mask("", v, false));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(k, v, false)]));
  return value;
}

/**
 * The changes from `before` to `after`. `maskAll` hides every value (for whole secret
 * objects such as Kubernetes Secrets); otherwise values under secret-named keys are hidden.
 */
export function diffValues(before: Json, after: Json, path = "", maskAll = false): FieldChange[] {
  const recurse = (b: Json, a: Json, p: string) => diffValues(b, a, p, maskAll);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (typeof before === "string" && typeof after === "string") {
    const b = embeddedDocument(before);
    const a = embeddedDocument(after);
    if (b && a && b.kind === a.kind) return recurse(b.doc, a.doc, `${path}⟨${a.kind}⟩`);
    if (before.includes("\n") && after.includes("\n") && !maskAll && !SECRET_KEY.test(path)) return diffLines(before, after, path, recurse);
  }
  const beforeEnv = asEnvMap(before);
  const afterEnv = asEnvMap(after);
  if (beforeEnv && afterEnv) return recurse(beforeEnv, afterEnv, path);
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = itemKey(before.length > 0 ? before : after);
    const keyed = (items: Json[]) => items.length === 0 || itemKey(items) === key;
    if (key && keyed(before) && keyed(after)) {
      const byName = (items: Json[]) => new Map(items.map((v) => [(v as Record<string, string>)[key], v]));
      const b = byName(before);
      const a = byName(after);
      const names = [...new Set([...b.keys(), ...a.keys()])].sort();
      return names.flatMap((name) => recurse(b.get(name), a.get(name), `${path}[${name}]`));
    }
    if (UNORDERED.test(path)) {
      const sorted = (items: Json[]) => [...items].map((v) => JSON.stringify(v)).sort().map((v) => JSON.parse(v));
      return diffList(sorted(before), sorted(after), path, recurse, (p, v) => mask(p, v, maskAll), false);
    }
    return diffList(before, after, path, recurse, (p, v) => mask(p, v, maskAll), true);
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => recurse(before[key], after[key], child(path, key)));
  }
  const change: { path: string; before?: Json; after?: Json } = { path };
  if (before !== undefined) change.before = mask(path, before, maskAll);
  if (after !== undefined) change.after = mask(path, after, maskAll);
  return [change];
}

/** `"text"`, numbers and booleans as JSON; objects compactly; absent as `(absent)`. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "(absent)";
  if (typeof value === "string" && value.startsWith(MASK)) return value;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
