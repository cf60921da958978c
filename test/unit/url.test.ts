import { MAX_URL_LENGTH, parseServiceUrl, SERVICE_URL_RULES, type ServiceUrlOptions } from "../../tracing/parsers/url";

const { otlpEndpoint: otlp, jaegerUiUrl: ui, uiAuthUrl: auth, uiAuthSignInUrl: signIn } = SERVICE_URL_RULES;

describe("parseServiceUrl accepts, exactly as written", () => {
  const accepted: [string, ServiceUrlOptions, string][] = [
    ["the OTLP default", otlp, "https://localhost:4317"],
    ["the prod collector Service", otlp, "https://jaeger-collector.tracing.svc:4317"],
    ["an explicit default port", otlp, "https://collector.example.com:443"],
    ["the highest port", otlp, "https://collector.example.com:65535"],
    ["a gRPC target host:port", otlp, "collector.example.com:4317"],
    ["a gRPC target with an IPv4 address", otlp, "10.0.0.7:4317"],
    ["a bracketed IPv6 target", otlp, "[::1]:4317"],
    ["an IPv6 URL with an IPv4 tail", otlp, "https://[::ffff:10.0.0.1]:4317"],
    ["a UI URL without a port", ui, "https://jaeger.example.com"],
    ["a UI URL with a path and query", ui, "https://jaeger.example.com/search?service=orders&limit=20"],
    ["a percent-encoded path", ui, "https://jaeger.example.com/a%2Fb"],
    ["an upper-case host (hosts are case-insensitive)", ui, "https://Jaeger.Example.com"],
    ["an in-cluster auth service over http", auth, "http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth"],
    ["an in-cluster auth service over http with the short name", auth, "http://oauth2-proxy.auth.svc:4180/oauth2/auth"],
    ["an external auth service", auth, "https://auth.example.com/oauth2/auth?allowed_groups=sre"],
    ["no auth service", auth, ""],
    ["a sign-in URL that returns to the page asked for", signIn, "https://auth.example.com/oauth2/start?rd=$escaped_request_uri"],
  ];
  test.each(accepted)("%s", (_, options, raw) => {
    expect(parseServiceUrl(raw, options)).toEqual({ ok: true, value: raw });
  });
});

describe("parseServiceUrl refuses, naming the rule", () => {
  const refused: [string, ServiceUrlOptions, string, RegExp][] = [
    // ports
    ["port 0", ui, "https://jaeger.example.com:0", /port from 1 to 65535 \(port 0 means/],
    ["port 65536", ui, "https://jaeger.example.com:65536", /port from 1 to 65535 \(got port 65536\)/],
    ["a six-digit port", otlp, "collector:443443", /port from 1 to 65535 \(got port 443443\)/],
    ["a named port", ui, "https://jaeger.example.com:https", /port of digits .*got port https/],
    ["a negative port", ui, "https://jaeger.example.com:-1", /port of digits .*got port -1/],
    ["an empty port", ui, "https://jaeger.example.com:", /the port is empty/],
    ["a port with leading zeros", ui, "https://jaeger.example.com:0443", /without leading zeros/],
    ["an OTLP URL without a port", otlp, "https://collector.example.com", /explicit port such as :443 \(no port given\)/],
    ["an OTLP host without a port", otlp, "collector", /no scheme and no port/],
    // credentials
    ["user:password@", ui, "https://admin:secret@jaeger.example.com", /without user:password@/],
    ["user@ alone", auth, "https://admin@auth.example.com/oauth2/auth", /without user:password@/],
    ["credentials in a gRPC target", otlp, "user:pw@collector:4317", /without user:password@/],
    ["@ after a fragment-like #", ui, "https://evil.example#@jaeger.example.com", /without user:password@/],
    // control characters and whitespace
    ["NUL", ui, "https://jaeger.example.com/\u0000", /control characters \(found U\+0000 at character 28\)/],
    ["ESC", ui, "https://jaeger\u001b.example.com", /control characters \(found U\+001B/],
    ["CR", otlp, "collector:4317\r", /control characters \(found U\+000D/],
    ["LF injecting a second variable", otlp, "collector:4317\nOTEL_SDK_DISABLED=true", /control characters \(found U\+000A/],
    ["tab", ui, "https://jaeger.example.com\t", /control characters \(found U\+0009/],
    ["DEL", ui, "https://jaeger.example.com/\u007f", /control characters \(found U\+007F/],
    ["a C1 control", ui, "https://jaeger.example.com/\u0085", /control characters \(found U\+0085/],
    ["a leading space", ui, " https://jaeger.example.com", /whitespace \(found U\+0020 at character 1\)/],
    ["a trailing space", ui, "https://jaeger.example.com ", /whitespace \(found U\+0020/],
    ["a no-break space", ui, "https://jaeger.example.com/\u00a0", /whitespace \(found U\+00A0/],
    ["a line separator", ui, "https://jaeger.example.com/\u2028", /whitespace \(found U\+2028/],
    // template syntax, quotes, shell and YAML metacharacters
    ["a Terraform interpolation", ui, "https://jaeger.example.com/${var.x}", /Terraform template syntax .*found "\$\{"/],
    ["a Terraform directive", ui, "https://jaeger.example.com/%{if}", /Terraform template syntax .*found "%\{"/],
    ["a double quote (shell injection)", otlp, 'https://collector:4317";id', /quotes and backslashes \(found "/],
    ["a single quote", ui, "https://jaeger.example.com/'x", /quotes and backslashes \(found '/],
    ["a backslash read as / by browsers", ui, "https://evil.example\\@jaeger.example.com", /quotes and backslashes/],
    ["a backtick", ui, "https://jaeger.example.com/`id`", /quotes and backslashes/],
    ["a YAML comment and anchor", ui, "https://jaeger.example.com/#&a", /path and query of letters.*found "#"/],
    ["an invalid percent escape", ui, "https://jaeger.example.com/a%zz", /% starts an escape of two hex digits/],
    // schemes
    ["plain http to a public host (UI)", ui, "http://jaeger.example.com", /plain http:\/\/ is not accepted here/],
    ["plain http to the collector even in-cluster", otlp, "http://jaeger-collector.tracing.svc:4317", /plain http:\/\/ is not accepted here/],
    ["plain http to a public auth service", auth, "http://auth.example.com/oauth2/auth", /https:\/\/ for host "auth\.example\.com": plain http:\/\/ is accepted only to a cluster Service/],
    ["plain http to a name that only looks in-cluster", auth, "http://svc.example.com/oauth2/auth", /accepted only to a cluster Service/],
    ["plain http to a bare .svc name with no namespace", auth, "http://oauth2.svc/oauth2/auth", /accepted only to a cluster Service/],
    ["plain http sign-in (a browser follows it)", signIn, "http://auth.example.com/oauth2/start", /plain http:\/\/ is not accepted here/],
    ["a script scheme", ui, "javascript:alert(1)", /no scheme such as https:\/\//],
    ["another scheme", otlp, "ftp://collector:4317", /ftp:\/\/ is not one of them/],
    ["an upper-case scheme", ui, "HTTPS://jaeger.example.com", /write the scheme https:\/\/ in lower case/],
    ["no scheme where one is required", ui, "jaeger.example.com", /no scheme such as https:\/\//],
    ["empty", ui, "", /an https:\/\/ URL \(the value is empty\)/],
    // hosts
    ["a host with a leading dash", otlp, "https://-collector-:4317", /DNS name .*got host "-collector-/],
    ["an empty host", ui, "https://:443", /the host is empty/],
    ["a trailing dot", ui, "https://jaeger.example.com./", /DNS name .*got host "jaeger\.example\.com\./],
    ["a 64-character label", ui, `https://${"a".repeat(64)}.example.com`, /each at most 63 characters/],
    ["a name longer than 253", ui, `https://${`${"a".repeat(60)}.`.repeat(5)}com`, /253 in all/],
    ["an underscore", ui, "https://jaeger_ui.example.com", /DNS name .*got host "jaeger_ui/],
    ["an IDN written in Unicode", ui, "https://bücher.example", /xn-- form/],
    ["a hex IPv4 browsers rewrite", ui, "https://0x7f.1", /last label is not a number/],
    ["a three-part numeric host", ui, "https://10.0.1", /last label is not a number/],
    ["an octal-looking IPv4", ui, "https://010.0.0.1", /without leading zeros/],
    ["an IPv4 octet over 255", ui, "https://10.0.0.256", /octets 0-255/],
    ["a broken IPv6 literal", otlp, "https://[1:2]:4317", /not a valid IPv6 address/],
    ["an IPv6 zone id", otlp, "https://[fe80::1%25eth0]:4317", /not a valid IPv6 address/],
    ["an IPv6 literal in an ingress-nginx annotation", auth, "https://[2001:db8::1]/oauth2/auth", /ingress-nginx refuses \[ and \]/],
    ["an nginx variable other than $host as host", signIn, "https://$server_name/oauth2/start", /or \$host in an ingress-nginx annotation .*other nginx variables are accepted in the path and query only/],
    ["$host outside an annotation", ui, "https://$host/jaeger", /or \$host in an ingress-nginx annotation/],
    ["percent-encoding in an annotation", signIn, "https://auth.example.com/x%20y", /what ingress-nginx accepts in an annotation\) \(found "%"/],
    ["a $ that starts no variable", signIn, "https://auth.example.com/$1", /\$ starts an nginx variable/],
    ["$ outside an annotation", ui, "https://jaeger.example.com/$x", /path and query of letters.*found "\$"/],
    ["a path after a gRPC target", otlp, "collector:4317/v1/traces", /no scheme such as https:\/\//],
    // length
    ["longer than 2000 characters", ui, `https://jaeger.example.com/${"a".repeat(MAX_URL_LENGTH)}`, /at most 2000 characters long \(got 2027\)/],
  ];
  test.each(refused)("%s", (_, options, raw, rule) => {
    const result = parseServiceUrl(raw, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.allowed).toMatch(rule);
  });
});

describe("parseServiceUrl options", () => {
  test("the OTLP endpoint lists the forms it accepts", () => {
    expect(parseServiceUrl("ftp://x:1", otlp)).toEqual({ ok: false, allowed: "host:port or an https://host:port URL (ftp:// is not one of them)" });
  });

  test("with no options only an https:// URL is accepted", () => {
    expect(parseServiceUrl("collector:4317")).toEqual({ ok: false, allowed: "an https:// URL (no scheme such as https://)" });
    expect(parseServiceUrl("http://jaeger-query.tracing.svc:16686").ok).toBe(false);
    expect(parseServiceUrl("https://jaeger-query.tracing.svc:16686")).toEqual({ ok: true, value: "https://jaeger-query.tracing.svc:16686" });
  });

  test("the URL is returned as written, not as new URL() would rewrite it", () => {
    expect(new URL("https://collector.example.com:443").href).toBe("https://collector.example.com/");
    expect(parseServiceUrl("https://collector.example.com:443", otlp)).toEqual({ ok: true, value: "https://collector.example.com:443" });
  });
});
