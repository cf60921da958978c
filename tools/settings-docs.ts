/**
 * The settings documentation, derived from the schema: the README's Settings table (between
 * its markers) and `.env.example`. `npm run settings:docs` writes both; a test fails when
 * either drifts from the schema.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveAllSettings } from "../tracing/checked-settings";
import { plainDefault, SETTINGS, STACK_NAMES, type SettingSpec, type StackName } from "../tracing/settings";
import { valueAt } from "../tracing/checked-settings/validation";
import { runCommand } from "../environment";
import { parseOptions } from "./options";

const ROOT = join(__dirname, "..");
export const README_FILE = join(ROOT, "README.md");
export const ENV_EXAMPLE_FILE = join(ROOT, ".env.example");
const TABLE_BEGIN = "<!-- settings-table:begin (npm run settings:docs writes it from tracing/settings/schema.ts) -->";
const TABLE_END = "<!-- settings-table:end -->";

/** A default as the environment would spell it. */
function spelled(value: unknown): string {
  if (Array.isArray(value)) return value.join(",");
  if (value !== null && typeof value === "object") {
    if ("kind" in value) return String((value as { kind: string }).kind);
    return Object.entries(value as Record<string, string>)
      .map(([key, v]) => `${key}=${v}`)
      .join(",");
  }
  return String(value);
}

function defaultCell(spec: SettingSpec): string {
  if (spec.defaultText) return spec.defaultText;
  const d = { local: spelled(plainDefault(spec, "local")), prod: spelled(plainDefault(spec, "prod")) };
  const code = (text: string) => (text === "" ? "empty" : `\`${text}\``);
  return d.local === d.prod ? code(d.local) : `${code(d.local)} / ${code(d.prod)}`;
}

const SCOPES = { both: "both", local: "local only", prod: "prod only" } as const;

function renderSettingsTable(): string {
  const rows = SETTINGS.map((s) => `| \`${s.variable}\` | \`${s.field}\` | ${SCOPES[s.scope]} | ${defaultCell(s)} | ${s.allowed} | ${s.description} |`);
  return [TABLE_BEGIN, "| Variable | Setting | Stacks | Default (local / prod) | Allowed | Meaning |", "|---|---|---|---|---|---|", ...rows, TABLE_END].join("\n");
}

export function renderEnvExample(): string {
  const lines = [
    "# Settings of genesis-tracing-infra: copy to .env and uncomment what you change.",
    `# A variable applies to the stacks shown; ${STACK_NAMES.map((s) => `${s.toUpperCase()}_<VARIABLE>`).join(" or ")} applies to one stack and wins.`,
    "# Each line shows the default; where the stacks differ, one line per stack.",
    "# Generated from tracing/settings/schema.ts by `npm run settings:docs`; the README's Settings table says what is allowed.",
  ];
  const defaults = resolveAllSettings({});
  const valueIn = (stack: StackName, field: string) => spelled(valueAt(defaults[stack], field));
  for (const s of SETTINGS) {
    lines.push("", `# ${s.description.replace(/`/g, "")}. Stacks: ${SCOPES[s.scope]}.`);
    const stacks = s.scope === "both" ? STACK_NAMES : [s.scope];
    const values = stacks.map((stack) => [stack, valueIn(stack, s.field)] as const);
    if (new Set(values.map(([, value]) => value)).size === 1) lines.push(`#${s.variable}=${values[0][1]}`);
    else for (const [stack, value] of values) lines.push(`#${stack.toUpperCase()}_${s.variable}=${value}`);
  }
  return lines.join("\n") + "\n";
}

/** The README with its Settings table replaced by the rendered one. */
export function readmeWithTable(readme: string): string {
  const begin = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no settings table markers (${TABLE_BEGIN} … ${TABLE_END})`);
  return readme.slice(0, begin) + renderSettingsTable() + readme.slice(end + TABLE_END.length);
}

if (require.main === module) {
  runCommand(() => {
    parseOptions(process.argv.slice(2), { usage: "npm run settings:docs   (writes the README's Settings table and .env.example from tracing/settings/schema.ts)" });
    writeFileSync(README_FILE, readmeWithTable(readFileSync(README_FILE, "utf8")));
    writeFileSync(ENV_EXAMPLE_FILE, renderEnvExample());
    console.log("wrote the README's Settings table and .env.example from the settings schema");
  }, 2);
}
