/**
 * What changed between two synthesized Terraform JSON documents of a stack, by Terraform
 * address: resources, data sources, providers, outputs, checks and the terraform block.
 */
import { diffValues, formatValue, type FieldChange } from "./structural-diff";

export interface AddressChange {
  readonly address: string;
  readonly change: "added" | "removed" | "changed";
  readonly fields: readonly FieldChange[];
}

type Json = any;

/** cdktf's `//` metadata (construct paths, stack traces) is not configuration. */
function withoutMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, v]) => [key, withoutMetadata(v)]));
}

/** Every addressable block of a stack document. */
function blocks(doc: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  if (!doc) return out;
  const clean = withoutMetadata(doc);
  for (const [type, byName] of Object.entries<Json>(clean.resource ?? {})) for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, body);
  for (const [type, byName] of Object.entries<Json>(clean.data ?? {})) for (const [name, body] of Object.entries(byName)) out.set(`data.${type}.${name}`, body);
  for (const [name, body] of Object.entries<Json>(clean.provider ?? {})) out.set(`provider.${name}`, body);
  for (const [name, body] of Object.entries<Json>(clean.output ?? {})) out.set(`output.${name}`, body);
  for (const [name, body] of Object.entries<Json>(clean.variable ?? {})) out.set(`variable.${name}`, body);
  for (const [name, body] of Object.entries<Json>(clean.terraform ?? {})) out.set(`terraform.${name}`, body);
  for (const [name, body] of Object.entries<Json>(clean.check ?? {})) out.set(`check.${name}`, body);
  return out;
}

export function diffStack(before: Json | undefined, after: Json | undefined): AddressChange[] {
  const b = blocks(before);
  const a = blocks(after);
  const addresses = [...new Set([...b.keys(), ...a.keys()])].sort();
  return addresses.flatMap((address): AddressChange[] => {
    if (!b.has(address)) return [{ address, change: "added", fields: [] }];
    if (!a.has(address)) return [{ address, change: "removed", fields: [] }];
    const fields = /^kubernetes_secret(_v1)?\./.test(address)
      ? diffSecret(b.get(address), a.get(address))
      : diffValues(b.get(address), a.get(address), "", SECRET_RESOURCE.test(address));
    return fields.length > 0 ? [{ address, change: "changed", fields }] : [];
  });
}

/** The keys of a Kubernetes Secret that hold its values; its metadata, type and write-only revision are shown. */
const SECRET_VALUE_KEYS = new Set(["data", "data_wo", "binary_data"]);

function diffSecret(before: Json, after: Json): FieldChange[] {
  const part = (value: Json, values: boolean) => Object.fromEntries(Object.entries(value ?? {}).filter(([key]) => SECRET_VALUE_KEYS.has(key) === values));
  return [...diffValues(part(before, false), part(after, false)), ...diffValues(part(before, true), part(after, true), "", true)];
}

/** Resources whose every value is secret. */
const SECRET_RESOURCE = /^(kubernetes_secret(_v1)?|random_password|tls_private_key)\./;

const SYMBOL = { added: "+", removed: "-", changed: "~" } as const;

/** A report per stack, as plain text or as Markdown for a review comment. */
export function renderStackDiffs(diffs: Readonly<Record<string, readonly AddressChange[]>>, format: "text" | "markdown"): string {
  const lines: string[] = [];
  for (const [stack, changes] of Object.entries(diffs).sort(([x], [y]) => x.localeCompare(y))) {
    const count = (kind: AddressChange["change"]) => changes.filter((c) => c.change === kind).length;
    const title = `stack ${stack}: ${count("added")} added, ${count("removed")} removed, ${count("changed")} changed`;
    lines.push(format === "markdown" ? `### ${title}` : `== ${title}`);
    if (changes.length === 0) continue;
    if (format === "markdown") lines.push("", "```diff");
    for (const c of changes) {
      lines.push(`${SYMBOL[c.change]} ${c.address}`);
      for (const f of c.fields) lines.push(`    ${f.path}: ${formatValue(f.before)} -> ${formatValue(f.after)}`);
    }
    if (format === "markdown") lines.push("```", "");
  }
  return lines.join("\n").concat("\n");
}
