/**
 * What every settings parser returns: the value, or what would have been allowed. Parsers are
 * pure functions of the raw text of one environment variable and import nothing of ours but
 * the settings model's types (tracing/settings/model.ts, which imports nothing).
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly allowed: string };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const refused = <T = never>(allowed: string): Parsed<T> => ({ ok: false, allowed });
