import { readFileSync } from "node:fs";
import { parse } from "dotenv";
import { ENV_EXAMPLE_FILE, README_FILE, readmeWithTable, renderEnvExample, renderSettingsTable } from "../../tools/settings-docs";
import { resolveSettings, SETTINGS } from "../../tracing/settings";

test("the README's Settings table is the one the schema renders (npm run settings:docs)", () => {
  const readme = readFileSync(README_FILE, "utf8");
  expect(readmeWithTable(readme) === readme ? "in sync" : "run npm run settings:docs").toBe("in sync");
});

test(".env.example is the one the schema renders (npm run settings:docs)", () => {
  expect(readFileSync(ENV_EXAMPLE_FILE, "utf8") === renderEnvExample() ? "in sync" : "run npm run settings:docs").toBe("in sync");
});

test.each(SETTINGS.map((s) => [s.variable, s.field]))("the table documents %s (%s) once", (variable, field) => {
  const rows = renderSettingsTable().split("\n").filter((row) => row.startsWith(`| \`${variable}\` |`));
  expect(rows).toEqual([expect.stringContaining(`| \`${field}\` |`)]);
});

test("every value .env.example names, uncommented, resolves to the defaults of both stacks", () => {
  const uncommented = renderEnvExample().replace(/^#([A-Z_]+=)/gm, "$1");
  const env = Object.fromEntries(Object.entries(parse(uncommented)).filter(([, value]) => value !== ""));
  for (const stack of ["local", "prod"] as const) {
    const { stack: _ignored, ...fromExample } = resolveSettings(stack, stack === "local" ? withLocalDefaults(env) : env);
    const { stack: _also, ...defaults } = resolveSettings(stack);
    expect(fromExample).toEqual(defaults);
  }
});

/** `.env.example` shows prod's default where the stacks differ; local's is in the comment. */
function withLocalDefaults(env: Record<string, string>): Record<string, string> {
  const local = resolveSettings("local");
  const prod = resolveSettings("prod");
  const at = (settings: object, field: string) => field.split(".").reduce<any>((node, key) => node[key], settings);
  return Object.fromEntries(
    Object.entries(env).filter(([variable]) => {
      const spec = SETTINGS.find((s) => s.variable === variable);
      return spec !== undefined && JSON.stringify(at(local, spec.field)) === JSON.stringify(at(prod, spec.field));
    }),
  );
}
