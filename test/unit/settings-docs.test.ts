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
