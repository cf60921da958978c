import { readFileSync } from "node:fs";
import { parse } from "dotenv";
import { ENV_EXAMPLE_FILE, README_FILE, readmeWithTable, renderEnvExample } from "../../tools/settings-docs";
import { resolveAllSettings } from "../../tracing/checked-settings";
import { SETTINGS } from "../../tracing/settings";

test("the README's Settings table is the one the schema renders (npm run settings:docs)", () => {
  const readme = readFileSync(README_FILE, "utf8");
  expect(readmeWithTable(readme) === readme ? "in sync" : "run npm run settings:docs").toBe("in sync");
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

  test.each(ranged.map((spec) => [spec.variable, spec] as const))("%s: the README prints its range (.env.example shows defaults only and points there)", (variable, spec) => {
    const { min, max } = spec.range!;
    expect(spec.allowed).toContain(`[${min}, ${max}]`);
    const row = readFileSync(README_FILE, "utf8").split("\n").find((line) => line.startsWith(`| \`${variable}\` |`));
    expect(row).toContain(`[${min}, ${max}]`);
  });

  test("a refused value is told the same bounds", () => {
    expect(ranged.length).toBeGreaterThan(20);
    expect(() => resolveAllSettings({ TRACING_COLLECTOR_REPLICAS: "51" })).toThrow(/TRACING_COLLECTOR_REPLICAS \(kubernetes\.collectorReplicas\) must be a whole number between 2 and 50/);
  });
});
