/**
 * The settings documentation, derived from the schema: the page `docs/settings.md` (all of it
 * but a hand-written introduction between its markers, which the generator keeps) and
 * `.env.example`. `npm run settings:docs` writes both; a test fails when either drifts from the
 * schema.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveAllSettings } from "../tracing/checked-settings";
import { plainDefault, SETTINGS, STACK_NAMES, type SettingSpec, type StackName } from "../tracing/settings";
import { valueAt } from "../tracing/checked-settings/validation";
import { CommandError, runCommand } from "../environment";
import { parseOptions } from "./options";

const ROOT = join(__dirname, "..");
export const SETTINGS_PAGE_FILE = join(ROOT, "docs", "settings.md");
export const ENV_EXAMPLE_FILE = join(ROOT, ".env.example");
/** The markers around the page's hand-written part: how settings are read and what synth refuses. */
const INTRO_BEGIN = "<!-- settings-intro:begin (hand-written; npm run settings:docs keeps it) -->";
const INTRO_END = "<!-- settings-intro:end -->";

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
  return ["| Variable | Setting | Stacks | Default (local / prod) | Allowed | Meaning |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

export function renderEnvExample(): string {
  const lines = [
    "# Settings of genesis-tracing-infra: copy to .env and uncomment what you change.",
    `# A variable applies to the stacks shown; ${STACK_NAMES.map((s) => `${s.toUpperCase()}_<VARIABLE>`).join(" or ")} applies to one stack and wins.`,
    "# Each line shows the default; where the stacks differ, one line per stack.",
    "# Generated from tracing/settings/schema.ts by `npm run settings:docs`; docs/settings.md says what is allowed.",
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

/** The settings page: the generated frame and table around the hand-written `intro`. */
export function renderSettingsPage(intro: string): string {
  return [
    "# Settings",
    "",
    "<!-- Written by `npm run settings:docs` from tracing/settings/schema.ts: edit the schema, or the text between the intro markers; a test fails when this page drifts. -->",
    "",
    INTRO_BEGIN,
    intro.trim(),
    INTRO_END,
    "",
    "## Every setting",
    "",
    renderSettingsTable(),
    "",
    "Every setting has a variable; `.env.example` lists them all with their defaults.",
    "",
  ].join("\n");
}

/** The settings page regenerated around the hand-written introduction `page` holds. */
export function settingsPageFrom(page: string): string {
  const begin = page.indexOf(INTRO_BEGIN);
  const end = page.indexOf(INTRO_END);
  if (begin < 0 || end < begin) throw new CommandError(`docs/settings.md has no ${INTRO_BEGIN} … ${INTRO_END} block: restore it from git`);
  return renderSettingsPage(page.slice(begin + INTRO_BEGIN.length, end));
}

if (require.main === module) {
  runCommand(() => {
    parseOptions(process.argv.slice(2), { usage: "npm run settings:docs   (writes docs/settings.md and .env.example from tracing/settings/schema.ts)" });
    writeFileSync(SETTINGS_PAGE_FILE, settingsPageFrom(readFileSync(SETTINGS_PAGE_FILE, "utf8")));
    writeFileSync(ENV_EXAMPLE_FILE, renderEnvExample());
    console.log("wrote docs/settings.md and .env.example from the settings schema");
  }, 2);
}
