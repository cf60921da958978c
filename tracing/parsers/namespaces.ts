/**
 * The namespaces of the services that send traces: each gets the SDK ConfigMaps and is let
 * through the collector's NetworkPolicy, so a wrong name either opens OTLP to the wrong pods or
 * writes ConfigMaps into a namespace this stack must not own.
 */
import { type Parsed, parsed, refused } from "./parsed";

/** A namespace a caller refuses, and why (shown to the user). */
export interface ForbiddenNamespace {
  readonly name: string;
  readonly why: string;
}

/** Kubernetes' own namespaces: never a client, whatever the cluster. */
export const SYSTEM_NAMESPACES: readonly ForbiddenNamespace[] = [
  { name: "kube-system", why: "the control plane's namespace" },
  { name: "kube-public", why: "readable by every user, including unauthenticated ones" },
  { name: "kube-node-lease", why: "holds only the nodes' heartbeat Leases" },
];

/** A namespace name: an RFC 1123 label (Kubernetes ValidateNamespaceName). */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `genesis, risk` into `["genesis", "risk"]`: items split on commas, spaces around them
 * trimmed (only spaces: a tab or newline is refused as part of a name). Every problem of the
 * list is named at once: names that are no DNS label, empty items, repeats, Kubernetes' system
 * namespaces and the `forbidden` ones with their reason.
 */
export function parseNamespaceList(raw: string, forbidden: readonly ForbiddenNamespace[]): Parsed<readonly string[]> {
  const items = raw.split(",").map((item) => item.replace(/^ +| +$/g, ""));
  if (items.every((item) => item === "")) return refused("at least one namespace, such as genesis or genesis,risk");
  const problems: string[] = [];
  if (items.includes("")) problems.push("an empty item between commas");
  const refusedNames = [...SYSTEM_NAMESPACES, ...forbidden];
  for (const [index, item] of items.entries()) {
    if (item === "" || items.indexOf(item) !== index) continue;
    if (!DNS_LABEL.test(item)) {
      problems.push(`${JSON.stringify(item.slice(0, 80))} is no DNS label (1-63 lower-case letters, digits and inner dashes)`);
      continue;
    }
    const reason = refusedNames.find((f) => f.name === item);
    if (reason) problems.push(`${item} is not allowed: ${reason.why}`);
  }
  const repeated = [...new Set(items.filter((item, index) => item !== "" && items.indexOf(item) !== index))];
  if (repeated.length > 0) problems.push(`${repeated.join(", ")} ${repeated.length === 1 ? "repeats" : "repeat"}`);
  if (problems.length > 0) {
    return refused(`a comma-separated list of distinct namespaces, each a DNS label; here ${problems.join("; ")}`);
  }
  return parsed(items);
}
