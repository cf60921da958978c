/**
 * The one settings model of the tracing backend: its types, the schema and how a stack's values
 * are read. Every stack is built from a `TracingSettings` that `resolveSettings`
 * (tracing/checked-settings) produced: defaults for the stack from the schema, overridden from
 * the environment, checked once. Nothing else reads the environment.
 */
export * from "./model";
export { FIRST_CREDENTIALS_GENERATION, SETTINGS, STACK_PREFIXES, type SettingScope, type SettingSpec } from "./schema";
export { type EnvironmentVariables } from "./environment";
export { plainDefault } from "./defaults";
export { type SettingFiles } from "./resolve";
export { SettingsError, type SettingsProblem } from "./problems";
