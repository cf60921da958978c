import { readFileSync } from "node:fs";
import { parse } from "dotenv";
import { ENV_EXAMPLE_FILE, renderEnvExample, renderSettingsPage, SETTINGS_PAGE_FILE, settingsPageFrom } from "../../tools/settings-docs";
import { resolveAllSettings } from "../../tracing/checked-settings";
import { SETTINGS } from "../../tracing/settings";

test("docs/settings.md is the page the schema renders around its hand-written intro (npm run settings:docs)", () => {
  const page = readFileSync(SETTINGS_PAGE_FILE, "utf8");
  expect(settingsPageFrom(page) === page ? "in sync" : "run npm run settings:docs").toBe("in sync");
});

test("the generator owns the page: only the text between the intro markers is kept", () => {
  const page = renderSettingsPage("How settings are read.");
  expect(page.split("\n").slice(0, 8)).toEqual([
    "# Settings",
    "",
    "<!-- Written by `npm run settings:docs` from tracing/settings/schema.ts: edit the schema, or the text between the intro markers; a test fails when this page drifts. -->",
    "",
    "<!-- settings-intro:begin (hand-written; npm run settings:docs keeps it) -->",
    "How settings are read.",
    "<!-- settings-intro:end -->",
    "",
  ]);
  expect(settingsPageFrom(`${page}\nA line added by hand below the table.\n`)).toBe(page);
  expect(() => settingsPageFrom("# Settings\n\nno markers\n")).toThrow("docs/settings.md has no <!-- settings-intro:begin");
});

test(".env.example is the one the schema renders (npm run settings:docs)", () => {
  expect(readFileSync(ENV_EXAMPLE_FILE, "utf8") === renderEnvExample() ? "in sync" : "run npm run settings:docs").toBe("in sync");
});

test("every line of .env.example, uncommented, gives both stacks exactly their defaults", () => {
  const uncommented = renderEnvExample().replace(/^#([A-Z][A-Z0-9_]*=)/gm, "$1");
  const env = parse(uncommented);
  expect(Object.keys(env).length).toBeGreaterThanOrEqual(SETTINGS.length);
  expect(resolveAllSettings(env)).toEqual(resolveAllSettings({}));
});

describe("printed bounds are the schema's own numbers", () => {
  const ranged = SETTINGS.filter((spec) => spec.range !== undefined && /\[[\d.]+, [\d.]+\]/.test(spec.allowed));

  test.each(ranged.map((spec) => [spec.variable, spec] as const))("%s: docs/settings.md prints its range (.env.example shows defaults only and points there)", (variable, spec) => {
    const { min, max } = spec.range!;
    expect(spec.allowed).toContain(`[${min}, ${max}]`);
    const row = readFileSync(SETTINGS_PAGE_FILE, "utf8").split("\n").find((line) => line.startsWith(`| \`${variable}\` |`));
    expect(row).toContain(`[${min}, ${max}]`);
  });

  test("a refused value is told the same bounds", () => {
    expect(ranged.length).toBeGreaterThan(20);
    expect(() => resolveAllSettings({ TRACING_COLLECTOR_REPLICAS: "51" })).toThrow(/TRACING_COLLECTOR_REPLICAS \(kubernetes\.collectorReplicas\) must be a whole number between 2 and 50/);
  });
});

/**
 * What docs/settings.md and `.env.example` tell a reader about a setting: its meaning, what is
 * allowed and, where the default is not simply spelled out, the default in words. Error messages
 * word their own refusals (the parsers', the cross-field rules'), so the schema's texts reach a
 * user through these pages alone.
 */
describe("what the settings pages tell a reader", () => {
  const specOf = (variable: string) => SETTINGS.find((spec) => spec.variable === variable)!;
  /**
   * Text a reader can act on: a word or a number, not just the variable's name again, and no two
   * code spans touching (Markdown would render `a``b` as one span of garbage).
   */
  const says = (text: string, variable: string) => /[A-Za-z0-9]{2,}/.test(text) && text.replace(/`/g, "").trim() !== variable && !text.includes("``");

  test("every setting has a meaning and an allowed text; a default in words says something, and a computed one has it", () => {
    const unhelpful = SETTINGS.flatMap((spec) => [
      ...(says(spec.description, spec.variable) ? [] : [`${spec.variable} description ${JSON.stringify(spec.description)}`]),
      ...(says(spec.allowed, spec.variable) ? [] : [`${spec.variable} allowed ${JSON.stringify(spec.allowed)}`]),
      ...(spec.defaultText === undefined || says(spec.defaultText, spec.variable) ? [] : [`${spec.variable} defaultText ${JSON.stringify(spec.defaultText)}`]),
      // A function has no spelling: the table would print its source.
      ...(typeof spec.default === "function" && spec.defaultText === undefined ? [`${spec.variable} computes its default without saying how`] : []),
    ]);
    expect(unhelpful).toEqual([]);
  });

  test.each([
    ["JAEGER_IMAGE_DIGEST", "Jaeger"],
    ["ES_ROLLOVER_IMAGE_DIGEST", "es-rollover"],
    ["ELASTICSEARCH_IMAGE_DIGEST", "Elasticsearch"],
    ["OTEL_COLLECTOR_CONTRIB_IMAGE_DIGEST", "gateway"],
    ["ES_EXPORTER_IMAGE_DIGEST", "elasticsearch_exporter"],
    ["ECK_OPERATOR_IMAGE_DIGEST", "ECK operator"],
    ["PROMETHEUS_IMAGE_DIGEST", "Prometheus"],
  ])("%s says which image it pins (%s)", (variable, image) => {
    expect(specOf(variable).description).toContain(`the ${image}`);
  });

  test.each([
    ["ENVIRONMENT", ["local", "development", "staging", "production"]],
    ["TRACE_SAMPLING_MODE", ["sdk", "collector"]],
    ["TRACING_CA_SIGNING", ["blue", "green"]],
    ["TRACING_CERTIFICATES", ["terraform", "cert-manager"]],
    ["TRACING_ECK_OPERATOR", ["install", "existing"]],
  ])("%s: the allowed text names each value the setting takes", (variable, values) => {
    const spec = specOf(variable);
    expect(values.filter((value) => !spec.allowed.includes(`\`${value}\``))).toEqual([]);
    expect(values.filter((value) => !spec.parse(value).ok)).toEqual([]);
    expect(spec.parse("other").ok).toBe(false);
  });

  test("a duration's allowed text names the unit its variable's name ends in", () => {
    const units = { MS: "ms", SECONDS: "seconds", MINUTES: "minutes" } as const;
    const timed = SETTINGS.flatMap((spec) => {
      const suffix = /_(MS|SECONDS|MINUTES)$/.exec(spec.variable)?.[1] as keyof typeof units | undefined;
      return suffix ? [[spec.variable, new RegExp(`\\b${units[suffix]}\\b`).test(spec.allowed)] as const] : [];
    });
    expect(timed).toEqual([
      ["TRACE_SAMPLING_SLOW_THRESHOLD_MS", true],
      ["TRACE_SAMPLING_LONGEST_TRACE_SECONDS", true],
      ["SDK_BSP_SCHEDULE_DELAY_MS", true],
      ["SDK_BSP_EXPORT_TIMEOUT_MS", true],
      ["TRACING_ALERT_NO_TRACES_MINUTES", true],
      ["TRACING_ALERT_COLLECTOR_LATENCY_MS", true],
      ["TRACING_ALERT_OPERATION_P99_MS", true],
    ]);
  });

  test.each([
    ["TRACE_RETENTION_DAYS", "whole number in [1, 3650]"],
    ["TRACE_SAMPLING_SLOW_THRESHOLD_MS", "whole number of ms in [1, 60000]"],
    ["TRACE_SAMPLING_RATE", "decimal in [0, 1]"],
    ["TRACING_ALERT_COLLECTOR_LATENCY_MS", "decimal ms in [1, 60000]"],
  ])("%s: the bounds written out, as the docs table prints them: %s", (variable, allowed) => {
    expect(specOf(variable).allowed).toBe(allowed);
  });
});
