/**
 * Reads a `.env` file as the `dotenv` package does, and reports every key or line that dotenv
 * would read silently wrong for this package. dotenv drops a line it cannot parse (a key with a
 * zero-width space, a line without `=`) and keeps keys in whatever case they were written, so
 * a check that sees only dotenv's result never learns that `otlp_endpoint=disabled` was meant
 * to switch tracing off. This module scans the raw text line by line, and takes the values
 * from dotenv itself so that they are exactly the ones the app receives.
 *
 * dotenv 16's grammar (`LINE` in node_modules/dotenv/lib/main.js), which the scan follows:
 * CR LF and a lone CR end a line as LF does; blank and `#` lines are skipped; a line is
 * `[export ]KEY=value` (spaces allowed around `=`) or `KEY: value`; a key is `[A-Za-z0-9_.-]+`;
 * a value quoted with ', " or ` keeps `#` and may run over several lines; an unquoted value
 * ends at `#`; an empty value followed by a quoted line takes that line; of two equal keys the
 * later wins.
 */
import { parse } from "dotenv";
import { codePointName, cut, editDistance, printable } from "./text";

export interface KnownVariables {
  /** The variables this package reads, without a stack prefix (`TRACE_SAMPLING_RATE`). */
  readonly variables: readonly string[];
  /** Prefixes that scope a variable to one stack (`LOCAL_`, `PROD_`). */
  readonly stackPrefixes: readonly string[];
}

export interface DotenvProblem {
  /** The key as written, or the line's text when it holds no key; at most 80 characters. */
  readonly key: string;
  /** Line number from 1, counted as dotenv counts: CR LF, CR and LF each end a line. */
  readonly line: number;
  /** What the key or line must be instead, with a did-you-mean where one fits. */
  readonly allowed: string;
}

export interface DotenvInspection {
  /** What dotenv reads from the file: the values the app receives. */
  readonly values: Record<string, string>;
  /** In line order; empty when the file reads as it was written. */
  readonly problems: readonly DotenvProblem[];
}

/** A `KEY=value` or `KEY: value` line, as dotenv splits it. */
interface Assignment {
  readonly line: number;
  /** The line up to its separator: leading whitespace, `export `, the key and spaces before `=`. */
  readonly keyPart: string;
  readonly key: string;
  /** Lines of the value's first and last character; the key's own line for an empty value. */
  readonly valueLines: readonly [first: number, last: number];
}

interface Scan {
  readonly lines: readonly string[];
  readonly assignments: readonly Assignment[];
  /** Lines that are neither blank, a comment, an assignment nor inside a quoted value. */
  readonly strays: readonly number[];
}

/**
 * What follows `=` (or `: `) in dotenv's `LINE`, verbatim: the value alternatives and the
 * comment, up to the end of a line. Sticky, so it continues exactly where the key ended, and
 * with indices, to find the line the value starts on.
 */
const AFTER_EQUALS = /\s*?(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dmy;
const AFTER_COLON = /\s+?(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dmy;

const KEY = /^[A-Za-z0-9_]+$/;

/**
 * Where the line from `start` to `end` splits into key and value: the first `=`, or an
 * earlier `:` that whitespace follows (dotenv's `KEY: value`; the whitespace may be the line
 * break, after which dotenv reads the next line as the value).
 */
function separatorOf(text: string, start: number, end: number): { readonly at: number; readonly colon: boolean } | undefined {
  for (let i = start; i < end; i++) {
    if (text[i] === "=") return { at: i, colon: false };
    if (text[i] === ":" && /\s/.test(text[i + 1] ?? "")) return { at: i, colon: true };
  }
  return undefined;
}

function scan(text: string): Scan {
  const lines = text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineAt = (at: number): number => {
    let index = 0;
    while (index + 1 < starts.length && starts[index + 1] <= at) index += 1;
    return index + 1;
  };
  const assignments: Assignment[] = [];
  const strays: number[] = [];
  for (let index = 0; index < lines.length; ) {
    const line = index + 1;
    const start = starts[index];
    const body = lines[index].trim();
    index += 1;
    if (body === "" || body.startsWith("#")) continue;
    const separator = separatorOf(text, start, start + lines[index - 1].length);
    if (separator === undefined) {
      strays.push(line);
      continue;
    }
    const keyPart = text.slice(start, separator.at);
    const tail = separator.colon ? AFTER_COLON : AFTER_EQUALS;
    tail.lastIndex = separator.at + 1;
    const match = tail.exec(text);
    const value = match?.indices?.[1];
    // Quoted alternatives may begin with whitespace, line breaks included: the value starts
    // at its first character that is not.
    const first = match && value ? value[0] + (match[1].length - match[1].trimStart().length) : separator.at;
    assignments.push({
      line,
      keyPart,
      key: keyPart.trim().replace(/^export\s+(?=\S)/, ""),
      valueLines: [lineAt(first), value ? lineAt(value[1] - 1) : line],
    });
    // dotenv's next match starts on the line after this one ends.
    if (match) index = Math.max(index, lineAt(match.index + match[0].length));
  }
  return { lines, assignments, strays };
}


/** Characters a reader cannot see or tell apart from a space; named, since showing them shows nothing. */
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00a0: "no-break space",
  0x00ad: "soft hyphen",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x2060: "word joiner",
  0xfeff: "byte order mark",
};

function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  if (CHARACTER_NAMES[codePoint]) return `${codePointName(character)} (${CHARACTER_NAMES[codePoint]})`;
  if (codePoint > 0x20 && codePoint < 0x7f) return `"${character}"`;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(character) ? `"${character}" (${codePointName(character)})` : codePointName(character);
}

/** Characters of `keyPart` other than ASCII letters, digits, `_`, space and tab, with their columns from 1. */
function oddCharacters(keyPart: string): { readonly character: string; readonly column: number; readonly ascii: boolean }[] {
  const odd: { character: string; column: number; ascii: boolean }[] = [];
  let column = 0;
  for (const character of keyPart) {
    column += 1;
    if (/[A-Za-z0-9_ \t]/.test(character)) continue;
    const codePoint = character.codePointAt(0) ?? 0;
    odd.push({ character, column, ascii: codePoint >= 0x20 && codePoint < 0x7f });
  }
  return odd;
}

/** `text` with every invisible or space-like character written as `\u{…}`, cut for a message. */
const visible = (text: string): string => cut(printable(text));

/**
 * The prefixes that mark a name as this package's, derived from its variables: the stack
 * prefixes, and for each first word the longest run of whole words every variable starting with
 * that word shares (`TRACING_`, `ES_`, `OTEL_COLLECTOR_CONTRIB_`, `ECK_OPERATOR_`; a one-word
 * variable is its own). So `OTEL_SERVICE_NAME` and the other standard OpenTelemetry variables,
 * which services read from the same environment and files, are never taken for ours: of the
 * `OTEL_` namespace this package owns only what it reads.
 */
export function ownPrefixes(known: KnownVariables): string[] {
  const byFirstWord = new Map<string, string[]>();
  for (const variable of known.variables) {
    const first = variable.includes("_") ? variable.slice(0, variable.indexOf("_") + 1) : variable;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), variable]);
  }
  const shared = (variables: readonly string[]): string => {
    if (variables.length === 1 && !variables[0].includes("_")) return variables[0];
    const words = variables.map((v) => v.split("_"));
    // Whole words only, and never the last word of any variable: a prefix ends with `_`.
    let length = 0;
    while (words.every((w) => length < w.length - 1 && w[length] === words[0][length])) length += 1;
    return words[0].slice(0, length).join("_") + "_";
  };
  return [...known.stackPrefixes, ...[...byFirstWord.values()].map(shared)];
}

/** The rules that need only `known`: what this package reads, and what merely resembles it. */
function rulesOf(known: KnownVariables) {
  const names = [...known.variables, ...known.stackPrefixes.flatMap((prefix) => known.variables.map((variable) => prefix + variable))];
  const upperNames = names.map((name) => name.toUpperCase());
  // A key starting with one of our prefixes is meant for this package: derived from the names,
  // not listed.
  const prefixes = ownPrefixes(known).map((p) => p.toUpperCase());

  /**
   * The known name nearest to `key` (ignoring case) and its distance; with `within`, only names
   * whose length allows that distance are compared (the others are farther anyway).
   */
  const nearest = (key: string, within = Infinity): { readonly name: string; readonly distance: number } => {
    const upper = key.toUpperCase();
    let best = { name: "", distance: Infinity };
    for (let i = 0; i < names.length; i++) {
      if (Math.abs(upperNames[i].length - upper.length) > within) continue;
      const distance = editDistance(upper, upperNames[i]);
      if (distance < best.distance) best = { name: names[i], distance };
    }
    return best;
  };
  /** A name to suggest for `key`: near enough that the suggestion reads as a correction. */
  const suggestion = (key: string): string | undefined => {
    const { name, distance } = nearest(key);
    return distance <= Math.max(2, Math.floor(key.length / 3)) ? name : undefined;
  };
  const hasOwnPrefix = (key: string): boolean => prefixes.some((p) => key.toUpperCase().startsWith(p));
  const didYouMean = (meant: readonly string[]): string =>
    meant.length === 0 ? "" : ` (did you mean ${meant.length === 1 ? meant[0] : `${meant.slice(0, -1).join(", ")} or ${meant[meant.length - 1]}`}?)`;

  return {
    isKnown: (key: string): boolean => names.includes(key),
    /** A known name spelled with the same letters in another case. */
    sameLetters: (key: string): string | undefined => names[upperNames.indexOf(key.toUpperCase())],

    /** `DEV_TRACE_SAMPLING_RATE`: one word and `_` in front of a known variable, but no stack's prefix. */
    foreignPrefix(key: string): { readonly prefix: string; readonly variable: string } | undefined {
      const upper = key.toUpperCase();
      const variable = known.variables
        .filter((v) => upper.endsWith(`_${v.toUpperCase()}`) && /^[A-Z0-9]+_$/.test(upper.slice(0, upper.length - v.length)))
        .sort((a, b) => b.length - a.length)[0];
      return variable === undefined ? undefined : { prefix: key.slice(0, key.length - variable.length), variable };
    },

    /** Meant for this package: one of its own prefixes, or within 2 edits of a name it reads. */
    looksOurs: (key: string): boolean => hasOwnPrefix(key) || nearest(key).distance <= 2,
    hasOwnPrefix,
    nearest,

    suggestion,
    didYouMean,
    stackPrefixes: known.stackPrefixes,
  };
}

type Rules = ReturnType<typeof rulesOf>;

/** What is wrong with an assignment's key, as the `allowed` text; undefined when nothing is. */
function keyProblem(assignment: Assignment, values: Readonly<Record<string, string>>, rules: Rules): string | undefined {
  const { key, keyPart } = assignment;
  const odd = oddCharacters(keyPart);
  // Spaces inside an ASCII key mean the line is no assignment at all (reported as a stray);
  // anything else outside [A-Za-z0-9_] is a character problem, the invisible ones first.
  if (odd.some((c) => !c.ascii) || (odd.length > 0 && key !== "" && !/\s/.test(key))) {
    const found = odd
      .filter((c, i) => odd.findIndex((o) => o.character === c.character) === i)
      .map((c) => `${describeCharacter(c.character)} ${c.column === 1 && c.character === "\uFEFF" ? "at the start of the line (save .env as UTF-8 without BOM)" : `at column ${c.column}`}`);
    const read = Object.prototype.hasOwnProperty.call(values, key) ? "" : "; dotenv ignores the line";
    const cleaned = key
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[-.]/g, "_")
      .replace(/[^A-Za-z0-9_]/g, "");
    const mean = rules.suggestion(cleaned);
    return `letters A-Z, digits and _ only, but it has ${found.join(", ")}${read}${mean && mean !== key ? rules.didYouMean([mean]) : ""}`;
  }
  if (!KEY.test(key) || rules.isKnown(key)) return undefined;
  const sameLetters = rules.sameLetters(key);
  if (sameLetters !== undefined) {
    return `spelled in the case this package reads: names are case-sensitive, so this one is ignored${rules.didYouMean([sameLetters])}`;
  }
  const foreign = rules.foreignPrefix(key);
  if (foreign !== undefined) {
    const prefix = foreign.prefix.toUpperCase();
    const close = rules.stackPrefixes.filter((p) => editDistance(prefix, p.toUpperCase()) <= 2);
    const meant = close.length === 1 ? [close[0] + foreign.variable] : [...rules.stackPrefixes.map((p) => p + foreign.variable), foreign.variable];
    return `a variable this package reads, alone or after a stack prefix (${rules.stackPrefixes.join(", ")}): ${foreign.prefix} names no stack, so this one is ignored${rules.didYouMean(meant)}`;
  }
  if (rules.looksOurs(key)) {
    const mean = rules.suggestion(key);
    return `a variable this package reads${mean ? rules.didYouMean([mean]) : " (none is close: docs/settings.md lists them)"}`;
  }
  return undefined;
}

/**
 * The values dotenv reads from `text` (the contents of a `.env` file) and every problem with
 * them: keys in the wrong case, under a prefix that names no stack, with characters outside
 * `[A-Za-z0-9_]`, typos of known names, keys set twice, and lines dotenv ignores or misreads.
 * Keys that do not look meant for this package (`PATH`, `HOME`) are no problem.
 */
export function inspectDotenv(text: string, known: KnownVariables): DotenvInspection {
  const values = parse(text);
  const rules = rulesOf(known);
  const { lines, assignments, strays } = scan(text.replace(/\r\n?/g, "\n"));
  const problems: DotenvProblem[] = [];
  const report = (key: string, line: number, allowed: string) => problems.push({ key: cut(key), line, allowed });

  // Every key dotenv reads must pass the checks below. dotenv's expression can join lines the
  // scan keeps apart (`KEY` on one line, `=value` on the next): such a key is reported on the
  // line where it starts rather than let through unchecked.
  const linesOf = new Map<string, number[]>();
  for (const { key, line } of assignments) {
    if (Object.prototype.hasOwnProperty.call(values, key)) linesOf.set(key, [...(linesOf.get(key) ?? []), line]);
  }
  const joined = new Map<number, string>();
  for (const key of Object.keys(values).filter((k) => !linesOf.has(k))) {
    const at = lines.findIndex((l) => l.trim().replace(/^export\s+/, "").startsWith(key));
    joined.set(at + 1 || 1, key);
  }

  for (const line of strays) {
    const invisible = oddCharacters(lines[line - 1]).filter((c) => !c.ascii);
    const has = invisible.length > 0 ? `; it has ${invisible.map((c) => `${describeCharacter(c.character)} at column ${c.column}`).join(", ")}` : "";
    const read = joined.has(line) ? `dotenv joins it with the lines after it into ${visible(joined.get(line) ?? "")}` : "dotenv ignores this line";
    report(lines[line - 1].trim(), line, `blank, a # comment or KEY=value (${read}${has})`);
  }
  for (const [line, key] of joined) if (!strays.includes(line)) report(key, line, "on a KEY=value line of its own (dotenv reads it from lines that are not one)");

  for (const assignment of assignments) {
    const { key, line, valueLines } = assignment;
    if (key === "") {
      report(lines[line - 1].trim(), line, "blank, a # comment or KEY=value (the key is missing)");
    } else if (/\s/.test(key) && oddCharacters(assignment.keyPart).every((c) => c.ascii)) {
      report(lines[line - 1].trim(), line, "blank, a # comment or KEY=value (dotenv ignores this line)");
    } else {
      const allowed = keyProblem(assignment, values, rules);
      if (allowed !== undefined) report(key, line, allowed);
    }
    const [first, last] = valueLines;
    if (first > line) {
      report(lines[first - 1].trim(), first, `blank, a # comment or KEY=value (dotenv reads this line as the value of ${visible(key)} from line ${line})`);
    }
    // A quote left open runs on until the next matching quote; a setting of ours on the lines
    // in between silently becomes part of that value.
    for (let inside = first + 1; inside <= last; inside++) {
      const swallowed = /^\s*(?:export\s+)?([A-Za-z0-9_]+)\s*=/.exec(lines[inside - 1])?.[1];
      if (swallowed !== undefined && (rules.isKnown(swallowed) || rules.sameLetters(swallowed) !== undefined)) {
        report(swallowed, inside, `on a line of its own: dotenv reads this line as part of the quoted value of ${visible(key)} from line ${line} (is a closing quote missing?)`);
      }
    }
  }

  for (const [key, at] of linesOf) {
    const wins = at[at.length - 1];
    for (const line of at.slice(0, -1)) report(key, line, `set once: line ${wins} sets it again and wins (dotenv keeps the last)`);
  }
  return { values, problems: problems.sort((a, b) => a.line - b.line) };
}

/** A message listing `problems` of the file `file`, one line each. */
export function describeDotenvProblems(file: string, problems: readonly DotenvProblem[]): string {
  const shown = (key: string) => (KEY.test(key) ? key : `"${visible(key.replace(/[\\"]/g, "\\$&"))}"`);
  return [`invalid settings in ${file}:`, ...problems.map((p) => `  - line ${p.line}: ${shown(p.key)} must be ${p.allowed}`)].join("\n");
}

/** A variable of the process environment this package refuses. */
export interface EnvironmentProblem {
  /** The name as set, at most 80 characters. */
  readonly key: string;
  /** What is wrong with it, with the did-you-mean. */
  readonly allowed: string;
}

/**
 * The names of the process environment (the shell's, CI's) that are meant for this package but
 * would be silently ignored: one of ours in another case, or a name with one of our prefixes
 * within two edits of one we read (`PROD_TRACING_KUBE_CONTXT`). The environment is shared with
 * every other tool, so a name with our prefix that is near none of ours is left alone
 * (`ES_JAVA_OPTS`, `JAEGER_AGENT_HOST`, `ELASTICSEARCH_URL`); so is every standard `OTEL_*`
 * variable, which no prefix of ours covers (`ownPrefixes`). `.env` is this package's file and
 * is checked more strictly (`inspectDotenv`).
 */
export function inspectEnvironmentNames(names: readonly string[], known: KnownVariables): EnvironmentProblem[] {
  const rules = rulesOf(known);
  const problems: EnvironmentProblem[] = [];
  for (const key of [...names].sort()) {
    if (rules.isKnown(key)) continue;
    const sameLetters = rules.sameLetters(key);
    if (sameLetters !== undefined) {
      problems.push({ key: cut(key), allowed: `in another case than the one this package reads: names are case-sensitive, so it would be ignored${rules.didYouMean([sameLetters])}` });
      continue;
    }
    // The prefix first: the edit distance to every name of ours is the costly part, and the
    // environment holds many names (npm alone sets a hundred).
    if (!rules.hasOwnPrefix(key)) continue;
    const { name, distance } = rules.nearest(key, 2);
    if (distance <= 2) problems.push({ key: cut(key), allowed: `not a variable this package reads, so it would be ignored${rules.didYouMean([name])}` });
  }
  return problems;
}

/** A message listing `problems` of the process environment, one line each. */
export function describeEnvironmentProblems(problems: readonly EnvironmentProblem[]): string {
  return ["invalid settings in the process environment:", ...problems.map((p) => `  - ${visible(p.key)} is ${p.allowed}`)].join("\n");
}
