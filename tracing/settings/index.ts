/**
 * The one settings model of the tracing backend. Every stack is built from a
 * `TracingSettings` that `resolveSettings` produced: defaults for the stack from the schema,
 * overridden from the environment, validated once. Nothing else reads the environment.
 */
export * from "./model";
export { FIRST_CREDENTIALS_GENERATION, SETTINGS, STACK_PREFIXES, type SettingScope, type SettingSpec } from "./schema";
export { type EnvironmentVariables } from "./environment";
export { plainDefault } from "./defaults";
export { resolveAllSettings, resolveSettings, type SettingFiles } from "./resolve";
