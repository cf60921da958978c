/**
 * The URLs of services the tracing system talks to or publishes: the OTLP endpoint, the Jaeger
 * UI URL, and the UI's external authentication and sign-in URLs. A URL is checked by hand, not
 * with `new URL()`: the WHATWG parser silently rewrites what it reads (it drops `:443`, turns
 * `0x7f.1` into `127.0.0.1`, accepts `\` as `/`), while the consumers here (gRPC clients, nginx,
 * browsers, env files) each read the text as written. The value is returned exactly as given.
 */
import { type Parsed, parsed, refused } from "./parsed";
import { isIpv4, isIpv6, portProblem } from "./address";
import { codePointName, describeCharacter, shown } from "./text";

/** What one setting accepts beyond a plain https:// URL. */
export interface ServiceUrlOptions {
  /**
   * Accept plain `http://` to a Kubernetes Service name (`<service>.<namespace>.svc` or
   * `<service>.<namespace>.svc.cluster.local`), whose traffic stays on the cluster network.
   * @default false - https:// only
   */
  readonly httpInCluster?: boolean;
  /** Accept the gRPC target form `host:port` without a scheme, as OTLP clients do. @default false */
  readonly hostPort?: boolean;
  /** Require an explicit port (`https://collector:443` is explicit). @default false */
  readonly requirePort?: boolean;
  /**
   * The URL becomes an ingress-nginx annotation (`auth-url`, `auth-signin`), so only the
   * characters its annotation validation accepts: letters, digits, `- . _ ~ / : ? & =` and `$`
   * for nginx variables such as `$escaped_request_uri` (ingress-nginx
   * internal/ingress/annotations/parser/validators.go, URLWithNginxVariableRegex; validation is on
   * by default from controller v1.12). That rules out IPv6 literals and percent-encoding.
   * @default false
   */
  readonly ingressNginxAnnotation?: boolean;
  /** Accept the empty string (the setting is off). @default false */
  readonly emptyAllowed?: boolean;
}

/** The rules of each setting this parser serves. */
export const SERVICE_URL_RULES = {
  /** The collector accepts TLS only (OTLP_SECURE must be true), so no http:// even in-cluster. */
  otlpEndpoint: { hostPort: true, requirePort: true },
  /** jaeger-query serves its UI over TLS only. */
  jaegerUiUrl: {},
  /** nginx calls it from inside the cluster, so an in-cluster oauth2-proxy over http is fine. */
  uiAuthUrl: { httpInCluster: true, ingressNginxAnnotation: true, emptyAllowed: true },
  /** Helm fetches `index.yaml` and the charts from it. */
  helmRepository: {},
  /** Query's Monitor tab reads it from inside the cluster: plain http only to a cluster Service. */
  prometheus: { httpInCluster: true, emptyAllowed: true },
  /** A browser is redirected there: never plain http. */
  uiAuthSignInUrl: { ingressNginxAnnotation: true, emptyAllowed: true },
} as const satisfies Record<string, ServiceUrlOptions>;

/** Longer values are no URL anyone types; the bound also caps the work done on hostile input. */
export const MAX_URL_LENGTH = 2000;

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A last label that browsers (WHATWG "ends in a number") read as part of an IPv4 address. */
const NUMERIC_LABEL = /^(\d+|0x[0-9a-f]*)$/i;
/** `<service>.<namespace>.svc` or `.svc.cluster.local`, possibly with more labels in front (headless pods). */
const SERVICE_NAME = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.){2,}svc(\.cluster\.local)?$/;

const PATH_CHARS = "letters, digits and - . _ ~ / : ? & = and %XX escapes";
const ANNOTATION_PATH_CHARS = "letters, digits and - . _ ~ / : ? & = and $ before an nginx variable (what ingress-nginx accepts in an annotation)";

const at = (index: number) => `at character ${index + 1}`;

function describe(options: ServiceUrlOptions): string {
  const https = options.requirePort ? "an https://host:port URL" : "an https:// URL";
  const forms = [
    ...(options.hostPort ? ["host:port"] : []),
    https,
    ...(options.httpInCluster ? ["http:// to a cluster Service <service>.<namespace>.svc[.cluster.local]"] : []),
  ];
  const any = forms.length === 1 ? forms[0] : `${forms.slice(0, -1).join(", ")} or ${forms[forms.length - 1]}`;
  return options.emptyAllowed ? `empty or ${any}` : any;
}

/** Checks that concern every character, whatever its place in the URL. */
function characterProblem(raw: string): string | undefined {
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(raw);
  if (control) return `free of control characters (found ${codePointName(control[0])} ${at(control.index)})`;
  const space = /\s/.exec(raw);
  if (space) return `free of spaces and other whitespace (found ${codePointName(space[0])} ${at(space.index)})`;
  // cdktf writes values into Terraform JSON, where these open an interpolation or a directive.
  const template = /[$%]\{/.exec(raw);
  if (template) return `free of Terraform template syntax \${ and %{ (found "${template[0]}" ${at(template.index)})`;
  const quote = /["'`\\]/.exec(raw);
  if (quote) return `free of quotes and backslashes (found ${quote[0]} ${at(quote.index)})`;
  return undefined;
}

/** The nginx variable for the host a request came to. */
const NGINX_HOST = "$host";

/** Why `host` is no DNS name or IP address, or undefined. IPv6 literals come bracketed. */
function hostProblem(host: string, options: ServiceUrlOptions): string | undefined {
  if (host === "") return "a host name (the host is empty)";
  if (host.startsWith("[")) {
    if (options.ingressNginxAnnotation) return "a host name or IPv4 address: ingress-nginx refuses [ and ] in an annotation, so no IPv6 literal";
    return host.endsWith("]") && isIpv6(host.slice(1, -1)) ? undefined : `a DNS name or IP address (got host ${shown(host)}, not a valid IPv6 address)`;
  }
  // ingress-nginx fills in $host (the UI's own host): oauth2-proxy's usual https://$host/oauth2/auth.
  if (options.ingressNginxAnnotation && host === NGINX_HOST) return undefined;
  if (host.includes("$")) return `a host name written out, or ${NGINX_HOST} in an ingress-nginx annotation (got host ${shown(host)}: other nginx variables are accepted in the path and query only)`;
  const dns = "a DNS name (labels of letters, digits and inner dashes, each at most 63 characters, 253 in all) or an IPv4 address";
  if (/[^\x21-\x7e]/.test(host)) return `${dns}; write an internationalised name in its xn-- form (got host ${shown(host)})`;
  const labels = host.split(".");
  if (host.length > 253 || !labels.every((label) => DNS_LABEL.test(label))) return `${dns} (got host ${shown(host)})`;
  if (NUMERIC_LABEL.test(labels[labels.length - 1]) && !isIpv4(host)) {
    // Browsers read such a host as an IPv4 address in another notation, other clients as a name.
    return `a DNS name whose last label is not a number, or an IPv4 address of four decimal octets 0-255 without leading zeros (got host ${shown(host)})`;
  }
  return undefined;
}

/** Splits `host[:port]` (host possibly a bracketed IPv6 literal); port undefined when absent. */
function splitAuthority(authority: string): { readonly host: string; readonly port: string | undefined } {
  // A colon inside the brackets of an IPv6 literal separates groups, not the port.
  const hostEnd = authority.startsWith("[") ? authority.indexOf("]") + 1 : 0;
  const colon = hostEnd === 0 && authority.startsWith("[") ? -1 : authority.indexOf(":", hostEnd);
  return colon < 0 ? { host: authority, port: undefined } : { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

function pathProblem(rest: string, options: ServiceUrlOptions): string | undefined {
  const [allowedChar, chars] = options.ingressNginxAnnotation
    ? [/[A-Za-z0-9\-._~/:?&=$]/, ANNOTATION_PATH_CHARS]
    : [/[A-Za-z0-9\-._~/:?&=%]/, PATH_CHARS];
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (!allowedChar.test(c)) return `a path and query of ${chars} (found ${c === "@" ? "@, which reads as user@host to some parsers" : describeCharacter(c)} in ${shown(rest)})`;
    if (c === "%" && !/^%[0-9A-Fa-f]{2}/.test(rest.slice(i))) return `a path and query where % starts an escape of two hex digits such as %2F (got ${shown(rest)})`;
    if (c === "$" && !/^\$[A-Za-z_][A-Za-z0-9_]*/.test(rest.slice(i))) return `a path and query where $ starts an nginx variable such as $escaped_request_uri (got ${shown(rest)})`;
  }
  return undefined;
}

/**
 * The URL of a service, exactly as given, or what is wrong with it and what is allowed:
 * https:// (plain http:// only to a cluster Service name, and only where `options` allow it),
 * no user:password@, a DNS name or IP address as host, a port from 1 to 65535 when present, no
 * control characters, whitespace, quotes, backslashes or Terraform template syntax anywhere,
 * at most 2000 characters.
 */
export function parseServiceUrl(raw: string, options: ServiceUrlOptions = {}): Parsed<string> {
  const what = describe(options);
  if (raw === "") return options.emptyAllowed ? parsed(raw) : refused(`${what} (the value is empty)`);
  if (raw.length > MAX_URL_LENGTH) return refused(`at most ${MAX_URL_LENGTH} characters long (got ${raw.length})`);
  const characters = characterProblem(raw);
  if (characters) return refused(characters);

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw);
  if (scheme === null) {
    if (options.hostPort && !/[/?]/.test(raw)) return hostPortTarget(raw, options, what);
    return refused(`${what} (no scheme such as https://)`);
  }
  const name = scheme[1];
  if (name !== "https" && name !== "http") {
    const lower = name.toLowerCase();
    return refused(`${what} (${lower === "https" || lower === "http" ? `write the scheme ${lower}:// in lower case` : `${name}:// is not one of them`})`);
  }
  const rest = raw.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  if (authority.includes("@")) {
    return refused(`${what} without user:password@ or user@ (a credential in a URL ends up in outputs, ConfigMaps and logs)`);
  }
  const { host, port } = splitAuthority(authority);
  const problem =
    hostProblem(host, options) ??
    (port === undefined ? (options.requirePort ? `${what} with an explicit port such as :443 (no port given)` : undefined) : portProblem(port)) ??
    (authorityEnd < 0 ? undefined : pathProblem(rest.slice(authorityEnd), options));
  if (problem) return refused(problem);
  if (name === "http") {
    if (!options.httpInCluster || host === NGINX_HOST) return refused(`${what} (plain http:// is not accepted here: the traffic must be encrypted)`);
    if (!SERVICE_NAME.test(host.toLowerCase())) {
      return refused(`https:// for host ${shown(host)}: plain http:// is accepted only to a cluster Service name <service>.<namespace>.svc[.cluster.local], whose traffic stays in the cluster`);
    }
  }
  return parsed(raw);
}

/**
 * The port an `http(s)://` URL that `parseServiceUrl` accepted connects to: the one it names,
 * else its scheme's (80, 443).
 */
export function urlPort(url: string): number {
  const authority = url.slice(url.indexOf("://") + 3).split(/[/?]/)[0];
  const { port } = splitAuthority(authority);
  return port === undefined ? (url.startsWith("https://") ? 443 : 80) : Number(port);
}

/** `host:port` as gRPC clients take a target: a port is required, nothing may follow it. */
function hostPortTarget(raw: string, options: ServiceUrlOptions, what: string): Parsed<string> {
  if (raw.includes("@")) return refused(`${what} without user:password@ or user@ (a credential in a URL ends up in outputs, ConfigMaps and logs)`);
  const { host, port } = splitAuthority(raw);
  if (port === undefined) return refused(`${what} (no scheme and no port: write host:port or https://host:port)`);
  const problem = hostProblem(host, options) ?? portProblem(port);
  return problem ? refused(problem) : parsed(raw);
}
