/**
 * How every prod pod is pulled and placed: image pull secrets, tolerations and the priority
 * class, each parsed whole and strictly (the node selector is a label list, `basic.ts`'s
 * `parseLabels`). Every problem of a value is named at once, as the namespace list does.
 */
import { TOLERATION_EFFECTS, type Toleration, type TolerationEffect } from "../settings/model";
import { DNS_SUBDOMAIN, isLabelKey, LABEL_NAME } from "./kubernetes-names";
import { parsed, refused, type Parsed } from "./parsed";
import { shown } from "./text";

const repeats = (items: readonly string[]) => [...new Set(items.filter((item, index) => items.indexOf(item) !== index))];

/**
 * `registry-pull, mirror-pull` into Secret names: empty for none; spaces around commas are
 * ignored (as in the client namespaces); each a DNS subdomain, none empty, none twice.
 */
export function parseSecretNames(raw: string): Parsed<string[]> {
  if (raw === "") return parsed([]);
  const items = raw.split(",").map((item) => item.replace(/^ +| +$/g, ""));
  const problems: string[] = [];
  if (items.includes("")) problems.push("an empty item between commas");
  for (const item of new Set(items)) {
    if (item !== "" && !DNS_SUBDOMAIN.test(item)) problems.push(`${shown(item)} is no Secret name`);
  }
  const repeated = repeats(items.filter((item) => item !== ""));
  if (repeated.length > 0) problems.push(`${repeated.map((item) => shown(item)).join(", ")} ${repeated.length === 1 ? "repeats" : "repeat"}`);
  return problems.length === 0
    ? parsed(items)
    : refused(`empty, or comma-separated distinct Secret names (DNS subdomains: lower-case letters, digits, '-' and '.'); here ${problems.join("; ")}`);
}

/** One Secret name, or "" for none. */
export function parseSecretName(raw: string): Parsed<string> {
  return raw === "" || DNS_SUBDOMAIN.test(raw) ? parsed(raw) : refused("empty, or a Secret name (a DNS subdomain: lower-case letters, digits, '-' and '.')");
}

/**
 * Kubernetes' built-in classes (`system-node-critical`, `system-cluster-critical`), kept for
 * the pods a node or the cluster cannot run without: tracing must never preempt those.
 */
const RESERVED_PRIORITY_PREFIX = "system-";

/** A PriorityClass name, or "" for the cluster's default; never one of Kubernetes' `system-` classes. */
export function parsePriorityClass(raw: string): Parsed<string> {
  if (raw.startsWith(RESERVED_PRIORITY_PREFIX)) {
    return refused("a PriorityClass of your own, not one of Kubernetes' system- classes (reserved for the pods a node or the cluster cannot run without)");
  }
  return raw === "" || DNS_SUBDOMAIN.test(raw) ? parsed(raw) : refused("empty, or a PriorityClass name (a DNS subdomain: lower-case letters, digits, '-' and '.')");
}

/** `key[=value]:Effect[:seconds]`, the items of `TRACING_TOLERATIONS`. */
export const TOLERATION_SYNTAX = "`key[=value]:Effect[:seconds]`";
const TOLERATION_ITEM = /^([^=:]*)(?:=([^:]*))?:([^:]*)(?::([^:]*))?$/;
/** At most 9 digits, as every whole-number setting: about 31 years. */
const SECONDS = /^\d{1,9}$/;

/** One item, or what is wrong with it. */
function parseToleration(item: string): Toleration | string {
  const match = TOLERATION_ITEM.exec(item);
  if (match === null) return `${shown(item)} is not ${TOLERATION_SYNTAX}`;
  const [, key, value, effect, seconds] = match;
  const problems: string[] = [];
  if (!isLabelKey(key)) problems.push(`key ${shown(key)} is no label key`);
  if (value !== undefined && !LABEL_NAME.test(value)) problems.push(`value ${shown(value)} is no label value (1-63 letters, digits, '-', '_' or '.'; no value means any)`);
  if (!(TOLERATION_EFFECTS as readonly string[]).includes(effect)) problems.push(`effect ${shown(effect)} is not ${TOLERATION_EFFECTS.join(", ")}`);
  if (seconds !== undefined && !SECONDS.test(seconds)) problems.push(`seconds ${shown(seconds)} is no whole number`);
  if (seconds !== undefined && effect !== "NoExecute") problems.push(`seconds apply to NoExecute only (a pod is evicted only by NoExecute), not ${shown(effect)}`);
  if (problems.length > 0) return `${shown(item)}: ${problems.join(", ")}`;
  return {
    key,
    ...(value === undefined ? { operator: "Exists" as const } : { operator: "Equal" as const, value }),
    effect: effect as TolerationEffect,
    ...(seconds === undefined ? {} : { tolerationSeconds: Number(seconds) }),
  };
}

/**
 * `dedicated=tracing:NoSchedule,node.kubernetes.io/unreachable:NoExecute:300` into
 * tolerations: `Equal` with a value, `Exists` without; seconds only after `NoExecute`. Empty for
 * none. No trimming, no empty items, no key and effect (with the same value) twice, and always a
 * key and an effect: Kubernetes reads a missing one as "every", which tolerates every taint.
 */
export function parseTolerations(raw: string): Parsed<Toleration[]> {
  if (raw === "") return parsed([]);
  const items = raw.split(",");
  const problems: string[] = [];
  const tolerations: Toleration[] = [];
  if (items.includes("")) problems.push("an empty item between commas");
  for (const item of items.filter((i) => i !== "")) {
    const result = parseToleration(item);
    if (typeof result === "string") problems.push(result);
    else tolerations.push(result);
  }
  const taints = tolerations.map((t) => `${t.key}=${t.value ?? "*"}:${t.effect}`);
  const repeated = repeats(taints);
  if (repeated.length > 0) problems.push(`${repeated.map((taint) => shown(taint)).join(", ")} tolerated twice`);
  return problems.length === 0
    ? parsed(tolerations)
    : refused(
        `empty, or comma-separated tolerations ${TOLERATION_SYNTAX}: a label key, an optional label value (Equal; none: Exists), ` +
          `an effect of ${TOLERATION_EFFECTS.join(", ")}, seconds with NoExecute only; here ${problems.join("; ")}`,
      );
}
