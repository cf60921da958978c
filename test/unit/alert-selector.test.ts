import { parser } from "@prometheus-io/lezer-promql";
import { renderAlertRules } from "../../tracing/monitoring/alert-rules";
import { renderGrafanaDashboard } from "../../tracing/monitoring/dashboard";
import { MAX_SELECTOR_LENGTH, parseAlertSelector, re2SyntaxProblem } from "../../tracing/parsers/alert-selector";
import { resolveSettings } from "../../tracing/checked-settings";
import { type TracingSettings } from "../../tracing/settings";
import { promqlErrors, ruleFileProblems, selectorMatchers } from "../promql";

const accepted: [string, string, string[]][] = [
  ["the prod default", 'namespace="tracing"', ['namespace="tracing"']],
  ["the local default", 'job="genesis-tracing"', ['job="genesis-tracing"']],
  ["two matchers", 'namespace="tracing",job=~"jaeger-.*"', ['namespace="tracing"', 'job=~"jaeger-.*"']],
  ["spaces between tokens", 'namespace = "tracing" , job != "x"', ['namespace = "tracing"', 'job != "x"']],
  ["a negative regex", 'pod!~"canary-.+"', ['pod!~"canary-.+"']],
  ["a case-insensitive RE2 flag JavaScript refuses", 'job=~"(?i)Jaeger"', ['job=~"(?i)Jaeger"']],
  ["a regex escape written as PromQL wants it", 'instance=~"10\\\\.0\\\\..*"', ['instance=~"10\\\\.0\\\\..*"']],
  ["an escaped quote in a value", 'team="a\\"b"', ['team="a\\"b"']],
  ["a Unicode class and a POSIX class", 'pod=~"\\\\pL[[:digit:]]+"', ['pod=~"\\\\pL[[:digit:]]+"']],
  ["a PromQL keyword as a label name", 'on="x",by="y"', ['on="x"', 'by="y"']],
  ["an empty value (the label is absent)", 'cluster=""', ['cluster=""']],
  ["a non-ASCII value", 'site="Zürich"', ['site="Zürich"']],
  ["a named group", 'job=~"(?P<kind>query|collector)"', ['job=~"(?P<kind>query|collector)"']],
];

describe("parseAlertSelector accepts, exactly as written", () => {
  test.each(accepted)("%s", (_, raw) => {
    expect(parseAlertSelector(raw)).toEqual({ ok: true, value: raw });
  });

  test.each(accepted)("%s is a matcher list to Prometheus' Lezer grammar", (_, raw, matchers) => {
    const expr = `up{${raw}}`;
    expect(promqlErrors(expr)).toEqual([]);
    expect(parser.parse(expr).topNode.firstChild?.name).toBe("VectorSelector");
    expect(selectorMatchers(expr)).toEqual([matchers]);
  });
});

describe("parseAlertSelector refuses, naming the rule", () => {
  test.each([
    ["empty", "", /at least one matcher, or the alerts would watch every series/],
    ["spaces only", "   ", /at least one matcher/],
    ["braces", '{namespace="tracing"}', /without braces/],
    ["a closing brace that escapes the selector", 'a="b"}or{c="d"', /without braces/],
    ["a metric name", 'up{job="x"}', /without braces/],
    ["a bare metric name", "up", /an operator and a value after up/],
    ["a function", 'rate(x{a="b"}[5m])', /no function call or parentheses/],
    ["or between matchers", 'a="b" or c="d"', /or is a PromQL operator between expressions/],
    ["a trailing comma", 'namespace="tracing",', /no trailing comma: .*,, is invalid/],
    ["a leading comma", ',namespace="tracing"', /no empty matcher before or between commas/],
    ["two commas", 'a="b",,c="d"', /no empty matcher before or between commas/],
    ["a missing comma", 'a="b" c="d"', /joined by commas \(got c after a="b"\)/],
    ["__name__", '__name__="up"', /no label name starting with __ \(got __name__\)/],
    ["another reserved label", '__address__="x"', /no label name starting with __/],
    ["a quoted label name (Prometheus 3 only)", '"service.name"="x"', /an unquoted label name/],
    ["an empty label name", '="x"', /a label name before =$/],
    ["an unquoted value", "namespace=tracing", /a double-quoted value after namespace=/],
    ["a single-quoted value", "namespace='tracing'", /values in double quotes/],
    ["a raw string", "namespace=`tracing`", /values in double quotes/],
    ["an unknown operator", 'a=="b"', /a double-quoted value after a=/],
    ["a lone !", 'a!"b"', /"!" at character 2 is no part of one/],
    ["a # comment", 'a="b" # c', /without a # comment/],
    ["an unterminated string", 'a="b', /strings closed by a double quote/],
    ["a regex escape PromQL does not know", 'a=~"x\\.y"', /\\\. is no PromQL escape \(a regex escape is written \\\\\. inside a PromQL string\)/],
    ["a high byte escape", 'a="\\xff"', /a byte above 0x7f/],
    ["a surrogate escape", 'a="\\ud800"', /no Unicode character/],
    ["a lookahead", 'job=~"(?=jaeger).*"', /Go RE2\) compiles in job=~.*: RE2 has no lookahead or lookbehind/],
    ["a negative lookahead", 'job!~"(?!x)"', /RE2 has no lookahead or lookbehind/],
    ["a lookbehind", 'job=~"(?<=a)b"', /RE2 has no lookahead or lookbehind/],
    ["a negative lookbehind", 'job=~"(?<!a)b"', /RE2 has no lookahead or lookbehind/],
    ["a backreference", 'job=~"(a)\\\\1"', /no backreference \\1: RE2 has none/],
    ["a possessive quantifier", 'job=~"a*+"', /invalid nested repetition operator \+: RE2 has no possessive quantifiers/],
    ["an atomic group", 'job=~"(?>a)"', /RE2 has no atomic groups/],
    ["a .NET named group", 'job=~"(?<n>a)"', /named groups only as \(\?P<name>/],
    ["an unbalanced group", 'job=~"a)|(b"', /unexpected \): no group is open/],
    ["an unclosed class", 'job=~"[a-"', /missing closing \] of a character class/],
    ["a repeat over 1000", 'job=~"a{1001}"', /invalid repeat count \{1001\}/],
    ["nested repeats over 1000", 'job=~"(a{10}){101}"', /nested counts multiply to more than 1000/],
    ["nothing to repeat", 'job=~"*"', /missing argument to repetition operator \*/],
    ["a newline", 'a="b"\n', /without control or invisible characters \(found U\+000A at character 6\)/],
    ["a tab", 'a=\t"b"', /found U\+0009/],
    ["a zero-width space inside a value", 'a="tra\u200bcing"', /found U\+200B at character 7/],
    ["a bidi override", 'a="\u202egnicart"', /found U\+202E/],
    ["a Terraform interpolation", 'a="${var.x}"', /without Terraform template syntax/],
    ["a Terraform directive", 'a=~"x%{2}"', /without Terraform template syntax/],
    ["too long", `a="${"x".repeat(MAX_SELECTOR_LENGTH)}"`, /at most 1000 characters \(got 1004\)/],
  ])("%s", (_, raw, rule) => {
    const result = parseAlertSelector(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.allowed).toMatch(rule);
  });

  test("the message starts with what is allowed", () => {
    expect(parseAlertSelector("up")).toEqual({
      ok: false,
      allowed: 'PromQL label matchers such as namespace="tracing" or namespace="tracing",job=~"jaeger-.*": an operator and a value after up (a metric name or a bare word is no matcher)',
    });
  });
});

describe("every accepted selector keeps the rule files and the dashboard loadable", () => {
  const prod = resolveSettings("prod");
  const withSelector = (selector: string): TracingSettings => ({ ...prod, alerts: { ...prod.alerts, selector } });
  const expressions = (settings: TracingSettings) => [
    ...renderAlertRules(settings).groups.flatMap((g) => g.rules.map((r) => r.expr)),
    ...JSON.stringify(renderGrafanaDashboard(settings)).match(/"expr":"(?:[^"\\]|\\.)*"/g)!.map((e) => JSON.parse(e.slice(7)) as string),
  ];
  const baseline = expressions(prod).map(selectorMatchers);

  test.each(accepted)("%s", (_, selector, matchers) => {
    expect(parseAlertSelector(selector).ok).toBe(true);
    const settings = withSelector(selector);
    expect(ruleFileProblems(renderAlertRules(settings))).toEqual([]);
    const exprs = expressions(settings);
    for (const expr of exprs) expect({ expr, errors: promqlErrors(expr) }).toEqual({ expr, errors: [] });
    // Same selectors as with the default, each with the given matchers in place of namespace="tracing":
    // nothing was added to or cut from any expression.
    const swapped = baseline.map((exprSelectors) => exprSelectors.map((m) => m.flatMap((x) => (x === 'namespace="tracing"' ? matchers : [x]))));
    expect(exprs.map(selectorMatchers)).toEqual(swapped);
  });

  test("the check fails for a selector that breaks the rules (it can fail)", () => {
    // Valid PromQL on its own (up{a="b",} parses), broken wherever a rule appends a matcher.
    expect(promqlErrors('up{a="b",}')).toEqual([]);
    const problems = ruleFileProblems(renderAlertRules(withSelector('a="b",')));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^TracingExportFailureRatioHigh: error at \d+: ",exporter=/)]));
  });
});

describe("re2SyntaxProblem follows Go's regexp/syntax, not JavaScript's RegExp", () => {
  test.each([
    ["(?i)tracing", undefined, "JS refuses the flag group"],
    ["(?P<kind>a)", undefined, "JS refuses the P"],
    ["\\pL+", undefined, "JS reads \\p as p"],
    ["[[:alpha:]]", undefined, "JS reads a class of [ : a l p h"],
    ["\\Qa.b\\E", undefined, "JS reads Q and E"],
    ["x{,3}", undefined, "a literal { in both"],
    ["(x)\\1", /backreference/, "JS accepts backreferences"],
    ["(?=x)", /lookahead/, "JS accepts lookaheads"],
    ["\\q", /\\q is none/, "JS reads \\q as q"],
    ["\\C", /\\C/, "JS reads \\C as C"],
    ["[\\b]", /inside a character class/, "JS reads a backspace"],
    ["x{1001}", /invalid repeat count/, "JS has no limit"],
    ["[z-a]", /end does not come before its start/, "both refuse"],
    ["a**", /nested repetition/, "both refuse"],
    ["\\p{Hira}", /Unicode class/, "JS knows the alias, Go only Hiragana"],
  ])("%s", (pattern, expected, _why) => {
    const problem = re2SyntaxProblem(pattern);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
