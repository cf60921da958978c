/**
 * IP addresses and ports as every consumer reads them alike. IPv4 is four decimal octets
 * without leading zeros: `169.254.020.010` is octal to inet_aton and glibc, decimal to
 * Kubernetes' legacy ("sloppy") CIDR parsing, and refused by Go's net.ParseIP since Go 1.17
 * (golang/go#30999), so no reading of it is safe to write into a NetworkPolicy or a URL.
 */

export const MAX_PORT = 65535;

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;

/** Dotted decimal, each octet 0-255 written without leading zeros. */
export const isIpv4 = (text: string): boolean => {
  const octets = text.split(".");
  return octets.length === 4 && octets.every((o) => IPV4_OCTET.test(o) && Number(o) <= 255);
};

/** RFC 4291 section 2.2 text forms: eight groups, at most one `::`, an optional dotted-quad tail; no zone id. */
export function isIpv6(text: string): boolean {
  let body = text;
  let tailGroups = 0;
  const v4 = /^(.*:)([^:]*\.[^:]*)$/.exec(text);
  if (v4) {
    if (!isIpv4(v4[2])) return false;
    body = v4[1].endsWith("::") ? v4[1] : v4[1].slice(0, -1);
    tailGroups = 2;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = groups.length + tailGroups;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Why `port` is no port to connect to (1-65535, digits, no leading zero), or undefined. */
export function portProblem(port: string): string | undefined {
  if (port === "") return `a port from 1 to ${MAX_PORT} after ":" (the port is empty)`;
  if (!/^\d+$/.test(port)) return `a port of digits from 1 to ${MAX_PORT} (got port ${port})`;
  if (port.length > 5 || Number(port) > MAX_PORT) return `a port from 1 to ${MAX_PORT} (got port ${port})`;
  if (Number(port) === 0) return `a port from 1 to ${MAX_PORT} (port 0 means "any port" to a listener, no port to connect to)`;
  if (port.startsWith("0")) return `a port from 1 to ${MAX_PORT} without leading zeros (got port ${port})`;
  return undefined;
}
