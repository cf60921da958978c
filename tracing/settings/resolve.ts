/**
 * Reads the settings of one stack from the schema and the environment: each setting from its
 * variable (the stack-prefixed one first), else its default; then the defaults computed from
 * other settings. The checks across fields, which need the sizing models, run above
 * (tracing/checked-settings), which is what the stacks and tools call.
 */
import type { SettingsProblem } from "./problems";
import { scopedVariable, type EnvironmentVariables } from "./environment";
import { OTLP_DISABLED, type StackName, type TracingSettings } from "./model";
import { refused } from "../parsers/parsed";
import { computedDefault, plainDefault } from "./defaults";
import { ECK_OPERATOR_VERSION, SETTINGS, type SettingSpec } from "./schema";
import { parseCaBundle } from "../parsers/certificate-issuer";

/**
 * The files that file-valued settings name (`SettingSpec.file`), by the path as written, as
 * environment.ts read them; a file it could not read is absent.
 */
export type SettingFiles = Readonly<Record<string, string>>;

/** Sets a dotted path, creating the objects on the way. */
function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  const keys = field.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** No setting is longer than this; a longer value is a mistake, never something to echo back. */
const MAX_VALUE_LENGTH = 4096;

function parseBounded(spec: SettingSpec, raw: string) {
  return raw.length > MAX_VALUE_LENGTH ? refused(`at most ${MAX_VALUE_LENGTH} characters (got ${raw.length})`) : spec.parse(raw);
}

const appliesTo = (spec: SettingSpec, stack: StackName) => spec.scope === "both" || spec.scope === stack;

/** The variable a setting was read from for `stack`, if any. */
export function sourceVariable(spec: SettingSpec, stack: StackName, env: EnvironmentVariables): string | undefined {
  const scoped = scopedVariable(stack, spec.variable);
  if (env[scoped] !== undefined) return scoped;
  return appliesTo(spec, stack) && env[spec.variable] !== undefined ? spec.variable : undefined;
}

/** The settings of `stack` as read, with the problems of the values that could not be read. */
export interface ReadSettings {
  readonly settings: TracingSettings;
  readonly problems: readonly SettingsProblem[];
  /** Fields whose value was refused: rules reading them would judge the default instead. */
  readonly unparsed: ReadonlySet<string>;
}

/** The settings of `stack`, each value parsed by its schema entry; no check across fields. */
export function readSettings(stack: StackName, env: EnvironmentVariables = {}, files: SettingFiles = {}): ReadSettings {
  const settings: Record<string, unknown> = { stack };
  const problems: SettingsProblem[] = [];
  const computed: SettingSpec[] = [];
  const unparsed = new Set<string>();
  let tracingEnabled = true;
  for (const spec of SETTINGS) {
    const variable = sourceVariable(spec, stack, env);
    const raw = variable === undefined ? undefined : (env[variable] as string);
    if (variable !== undefined && !appliesTo(spec, stack)) {
      problems.push({ field: spec.field, value: raw, allowed: `unset: ${spec.variable} applies to the ${spec.scope} stack only`, variable });
    }
    // The emergency switch turns client tracing off; the endpoint keeps its default.
    const switchedOff = spec.field === "otlpEndpoint" && raw === OTLP_DISABLED;
    if (switchedOff) tracingEnabled = false;
    const result = raw === undefined || !appliesTo(spec, stack) || switchedOff ? undefined : parseBounded(spec, raw);
    if (result?.ok) {
      setField(settings, spec.field, result.value);
      continue;
    }
    if (result) {
      problems.push({ field: spec.field, value: raw, allowed: result.allowed, variable });
      unparsed.add(spec.field);
    }
    if (computedDefault(spec)) computed.push(spec);
    else setField(settings, spec.field, plainDefault(spec, stack));
  }
  for (const spec of computed) setField(settings, spec.field, computedDefault(spec)?.(settings as unknown as TracingSettings));
  settings.tracingEnabled = tracingEnabled;
  // es-rollover ships with every Jaeger release and must match it.
  setField(settings, "images.esRollover.tag", (settings.images as TracingSettings["images"]).jaeger.tag);
  // The operator's image must match the chart that deploys it.
  setField(settings, "images.eckOperator.tag", ECK_OPERATOR_VERSION);
  // The issuer's CAs, from the file the settings name: clients trust what it holds.
  const caFile = (settings.certificates as { issuerCaFile: string }).issuerCaFile;
  const bundle = caFile === "" ? undefined : files[caFile] === undefined ? refused<never>("a readable file (relative to the project root, or absolute)") : parseCaBundle(files[caFile]);
  setField(settings, "certificates.issuerCaPem", bundle?.ok ? bundle.value.pem : "");
  if (bundle && !bundle.ok) {
    problems.push({ field: "certificates.issuerCaFile", value: caFile, allowed: bundle.allowed });
    unparsed.add("certificates.issuerCaFile");
  }

  return { settings: settings as unknown as TracingSettings, problems, unparsed };
}
