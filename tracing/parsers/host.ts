/**
 * The host the Jaeger UI's Ingress serves, checked as the API server checks `spec.rules[].host`
 * (kubernetes pkg/apis/networking/validation/validation.go, validateIngressRules): not an IP
 * address, a lower-case RFC 1123 subdomain, or one made a wildcard by a leading `*.` label.
 * API reference (IngressRule.host): "IPs are not allowed", "ports are not allowed", a precise
 * host is "a domain name without the terminating dot", a wildcard host is "a domain name
 * prefixed with a single wildcard label (e.g. "*.foo.com")", "You cannot have a wildcard label
 * by itself".
 */
import { type Parsed, parsed, refused } from "./parsed";
import { shown } from "./text";

/** RFC 1123 / Kubernetes IsDNS1123Subdomain, lower case only. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_LENGTH = 253;
const WILDCARD = "*.";

const ALLOWED = "empty (no Ingress) or a lower-case DNS name such as jaeger.example.com, optionally a wildcard *.example.com";

/**
 * The Ingress host, or "" for no Ingress. Refuses IP addresses (IPv4 and IPv6), upper case,
 * ports, a trailing dot, labels over 63 and names over 253 characters, and a `*` anywhere but
 * a whole leading label. A name whose last label is all digits (`10.0.1`) is refused too: no
 * top-level domain is numeric (RFC 3696 section 2) and browsers read such a host as an IPv4
 * address, so it would never reach this Ingress.
 */
export function parseIngressHost(raw: string): Parsed<string> {
  if (raw === "") return parsed(raw);
  if (raw.length > MAX_LENGTH) return refused(`${ALLOWED} (at most ${MAX_LENGTH} characters, got ${raw.length})`);
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/:]*)/i.exec(raw);
  if (url) return refused(`a host name, not a URL (write ${shown(url[1])}); ${ALLOWED}`);
  if (raw.includes(":") || /^\d+(\.\d+){3}$/.test(raw)) {
    const isIpv6 = raw.includes(":") && /^[0-9a-fA-F:.[\]]+$/.test(raw) && raw.split(":").length > 2;
    return isIpv6 || !raw.includes(":")
      ? refused(`a DNS name, not an IP address (the Ingress API refuses IP addresses); ${ALLOWED}`)
      : refused(`a host without a port (the Ingress API takes none: it serves 443 and 80); ${ALLOWED}`);
  }
  if (raw !== raw.toLowerCase()) return refused(`${ALLOWED} (the Ingress API refuses upper case; write ${shown(raw.toLowerCase())})`);
  const name = raw.startsWith(WILDCARD) ? raw.slice(WILDCARD.length) : raw;
  if (name.includes("*")) {
    return refused(`${ALLOWED} (* is allowed only as the whole first label of a name with at least one more label)`);
  }
  const labels = name.split(".");
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    const why =
      bad === "" ? (name.endsWith(".") ? "no trailing dot" : "no empty label")
      : bad.length > 63 ? `labels of at most 63 characters, got ${bad.length}`
      : `labels of lower-case letters, digits and inner dashes, got ${shown(bad)}`;
    return refused(`${ALLOWED} (${why})`);
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return refused(`${ALLOWED} (the last label must not be a number; browsers would read the name as an IPv4 address)`);
  return parsed(raw);
}
