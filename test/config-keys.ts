/**
 * The key paths of a rendered collector-format config, and those no upstream source is
 * listed for: each config test keeps its own list of keys with where upstream defines them.
 */

/** Every key path of a document, e.g. `extensions.jaeger_query.http.tls.cert_file`. */
export function keyPaths(node: unknown, prefix = ""): string[] {
  if (node === null || typeof node !== "object" || Array.isArray(node) || Object.keys(node).length === 0) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keyPaths(value, prefix ? `${prefix}.${key}` : key));
}

/** Key paths of `config` that match no pattern of `upstream` (`*` stands for one path segment). */
export function keysUpstreamDoesNotDefine(config: unknown, upstream: Readonly<Record<string, string>>): string[] {
  const known = Object.keys(upstream).map((pattern) => new RegExp(`^${pattern.replace(/\./g, "\\.").replace(/\*/g, "[^.]+")}$`));
  return keyPaths(config).filter((path) => !known.some((re) => re.test(path)));
}
