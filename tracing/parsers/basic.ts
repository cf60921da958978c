/**
 * Parsers for the plain kinds of setting: numbers, booleans, text, choices and lists. Each
 * takes the raw text of one variable exactly as written (no trimming: a stray space is an
 * error, not something to guess about).
 */
import { parsed, refused, type Parsed } from "./parsed";

export const parseDecimal = (raw: string): Parsed<number> =>
  /^\d{1,9}(\.\d{1,9})?$/.test(raw) ? parsed(Number(raw)) : refused("a decimal number such as 0.01");

export const parseWholeNumber = (raw: string): Parsed<number> => (/^\d{1,9}$/.test(raw) ? parsed(Number(raw)) : refused("a whole number"));

export const parseBoolean = (raw: string): Parsed<boolean> => (raw === "true" || raw === "false" ? parsed(raw === "true") : refused("true or false"));

/** Free text; what it may contain is the schema's and validation's business. */
export const parseText = (raw: string): Parsed<string> => parsed(raw);

/** Comma-separated items, exactly as written (empty items are kept for validation to refuse). */
export const parseList = (raw: string): Parsed<string[]> => parsed(raw.split(","));

export const parseOneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): Parsed<T> =>
    (values as readonly string[]).includes(raw) ? parsed(raw as T) : refused(`one of ${values.join(", ")}`);

export const parseListOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): Parsed<T[]> => {
    const items = raw.split(",");
    return items.every((item) => (values as readonly string[]).includes(item))
      ? parsed(items as T[])
      : refused(`a comma-separated list of ${values.join(", ")}`);
  };

/**
 * `key=value[,key=value]` into labels; the syntax of keys and values is validation's. Empty
 * gives no labels (which validation rejects); a repeated key is refused, not overwritten.
 */
export function parseLabels(raw: string): Parsed<Record<string, string>> {
  // A Map, then fromEntries: a key such as `__proto__` becomes a label (that validation
  // rejects) instead of silently vanishing into the object's prototype.
  const labels = new Map<string, string>();
  for (const pair of raw === "" ? [] : raw.split(",")) {
    const at = pair.indexOf("=");
    if (at < 0) return refused("key=value pairs separated by commas");
    const key = pair.slice(0, at);
    if (labels.has(key)) return refused(`key=value pairs with distinct keys (${key} repeats)`);
    labels.set(key, pair.slice(at + 1));
  }
  return parsed(Object.fromEntries(labels));
}
