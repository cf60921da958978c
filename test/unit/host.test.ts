import { parseIngressHost } from "../../tracing/parsers/host";

describe("parseIngressHost accepts, exactly as written", () => {
  test.each([
    ["no Ingress", ""],
    ["a precise host", "jaeger.example.com"],
    ["a single label", "jaeger"],
    ["digits and inner dashes", "jaeger-2.eu-west-1.example.com"],
    ["a leading wildcard label (the Ingress API allows it)", "*.example.com"],
    ["a 63-character label", `${"a".repeat(63)}.example.com`],
    ["253 characters in all", `${`${"a".repeat(63)}.`.repeat(3)}${"b".repeat(61)}`],
    ["a numeric label that is not the last", "10.example.com"],
  ])("%s", (_, raw) => {
    expect(parseIngressHost(raw)).toEqual({ ok: true, value: raw });
  });
});

describe("parseIngressHost refuses, naming the rule", () => {
  test.each([
    ["an IPv4 address", "10.0.0.1", /a DNS name, not an IP address/],
    ["an IPv6 address", "2001:db8::1", /a DNS name, not an IP address/],
    ["a bracketed IPv6 address", "[::1]", /a DNS name, not an IP address/],
    ["a port", "jaeger.example.com:443", /a host without a port/],
    ["upper case", "Jaeger.Example.com", /refuses upper case; write "jaeger\.example\.com"/],
    ["a wildcard alone", "*", /\* is allowed only as the whole first label/],
    ["a wildcard inside a label", "jaeger*.example.com", /\* is allowed only as the whole first label/],
    ["two wildcard labels", "*.*.example.com", /\* is allowed only as the whole first label/],
    ["a wildcard not first", "jaeger.*.example.com", /\* is allowed only as the whole first label/],
    ["a trailing dot", "jaeger.example.com.", /no trailing dot/],
    ["an empty label", "jaeger..example.com", /no empty label/],
    ["a 64-character label", `${"a".repeat(64)}.example.com`, /labels of at most 63 characters, got 64/],
    ["254 characters", `${`${"a".repeat(63)}.`.repeat(3)}${"b".repeat(62)}`, /at most 253 characters, got 254/],
    ["a leading dash", "-jaeger.example.com", /lower-case letters, digits and inner dashes, got "-jaeger"/],
    ["an underscore", "jaeger_ui.example.com", /got "jaeger_ui"/],
    ["a URL instead of a host", "https://jaeger.example.com", /a host name, not a URL \(write "jaeger\.example\.com"\)/],
    ["a path", "jaeger.example.com/ui", /got "com\/ui"/],
    ["a space", "jaeger.example.com ", /got "com "/],
    ["a newline", "jaeger.example.com\nx", /got "com\\nx"/],
    ["Unicode (write the xn-- form)", "bücher.example", /got "bücher"/],
    ["a numeric last label browsers read as IPv4", "10.0.1", /the last label must not be a number/],
  ])("%s", (_, raw, rule) => {
    const result = parseIngressHost(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.allowed).toMatch(rule);
  });
});
