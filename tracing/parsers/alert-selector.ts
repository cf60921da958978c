/**
 * The alert selector: PromQL label matchers, as written between the braces of a vector
 * selector (`namespace="tracing",job=~"jaeger-.*"`). The alert rules and the dashboard insert it
 * into every selector they write, `metric{<selector>,exporter="…"}`, so whatever is accepted
 * here must keep each of those a valid selector that Prometheus loads.
 *
 * Parsed by hand, not with the Lezer PromQL grammar (a devDependency): the grammar accepts what
 * Prometheus then refuses (`"\."`, an unknown escape; regexes Go cannot compile) and what is no
 * matcher list once inside braces (`a="b"}or{c="d"`). What is accepted is a strict subset of
 * Prometheus' lexer (promql/parser/lex.go, lexInsideBraces and lexEscape); the tests check every
 * accepted case, and the rendered alert rules, against the Lezer grammar.
 */
import { type Parsed, parsed, refused } from "./parsed";
import { codePointName, cut } from "./text";

/** Longer is no selector anyone writes; the bound also keeps the regex checks cheap. */
export const MAX_SELECTOR_LENGTH = 1000;

const EXAMPLE = 'PromQL label matchers such as namespace="tracing" or namespace="tracing",job=~"jaeger-.*"';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPERATORS = ["=~", "!~", "!=", "="] as const;

type Token =
  | { readonly kind: "name"; readonly text: string }
  | { readonly kind: "operator"; readonly text: (typeof OPERATORS)[number] }
  | { readonly kind: "string"; readonly text: string; readonly value: string }
  | { readonly kind: "comma"; readonly text: "," };


/**
 * A PromQL double-quoted string starting at `start`, decoded as Prometheus does (Go escapes:
 * `\a \b \f \n \r \t \v \\ \"`, `\ooo`, `\xhh`, `\uhhhh`, `\Uhhhhhhhh`). Octal and `\x` escapes
 * above 0x7f are refused: Go turns them into single bytes, that is into invalid UTF-8.
 */
function readString(text: string, start: number): { value: string; end: number } | { problem: string } {
  let value = "";
  for (let i = start + 1; i < text.length; ) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    const simple: Record<string, string> = { a: "\u0007", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"' };
    if (e !== undefined && e in simple) {
      value += simple[e];
      i += 2;
      continue;
    }
    const numeric = /^[0-7]/.test(e ?? "") ? { digits: 3, base: 8, max: 0x7f, skip: 1 }
      : e === "x" ? { digits: 2, base: 16, max: 0x7f, skip: 2 }
      : e === "u" ? { digits: 4, base: 16, max: 0x10ffff, skip: 2 }
      : e === "U" ? { digits: 8, base: 16, max: 0x10ffff, skip: 2 }
      : undefined;
    if (numeric === undefined) {
      if (e === undefined) break;
      const hint = /[.*+?()[\]{}|^$dDsSwWbBpPQEAzk]/.test(e) ? ` (a regex escape is written \\\\${e} inside a PromQL string)` : "";
      return { problem: `valid escapes in its strings: \\${e} is no PromQL escape${hint}` };
    }
    const digits = text.slice(i + numeric.skip, i + numeric.skip + numeric.digits);
    const digit = numeric.base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
    const n = parseInt(digits, numeric.base);
    if (digits.length < numeric.digits || !digit.test(digits)) {
      return { problem: `valid escapes in its strings: \\${text.slice(i + 1, i + numeric.skip + numeric.digits)} needs ${numeric.digits} ${numeric.base === 8 ? "octal" : "hex"} digits` };
    }
    if (n > numeric.max || (n >= 0xd800 && n < 0xe000)) {
      return { problem: `valid escapes in its strings: \\${text.slice(i + 1, i + numeric.skip + numeric.digits)} is ${numeric.max === 0x7f ? "a byte above 0x7f (write \\u00XX for a non-ASCII character)" : "no Unicode character"}` };
    }
    value += String.fromCodePoint(n);
    i += numeric.skip + numeric.digits;
  }
  return { problem: "strings closed by a double quote (one is not)" };
}

function tokenize(raw: string): Token[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; ) {
    const c = raw[i];
    if (c === " ") {
      i++;
      continue;
    }
    const name = LABEL_NAME.exec(raw.slice(i));
    if (name) {
      tokens.push({ kind: "name", text: name[0] });
      i += name[0].length;
      continue;
    }
    const operator = OPERATORS.find((op) => raw.startsWith(op, i));
    if (operator) {
      tokens.push({ kind: "operator", text: operator });
      i += operator.length;
      continue;
    }
    if (c === ",") {
      tokens.push({ kind: "comma", text: "," });
      i++;
      continue;
    }
    if (c === '"') {
      const string = readString(raw, i);
      if ("problem" in string) return string.problem;
      tokens.push({ kind: "string", text: raw.slice(i, string.end), value: string.value });
      i = string.end;
      continue;
    }
    if (c === "{" || c === "}") return "the matchers alone, without braces: the rules write the braces (and a } would end their selector early)";
    if (c === "'" || c === "`") return "values in double quotes: single-quoted and raw strings are left out so that every value is read one way";
    if (c === "(" || c === ")") return "matchers only: no function call or parentheses";
    if (c === "#") return "matchers without a # comment, which would swallow the rest of each rule's selector";
    return `label matchers only: ${JSON.stringify(c)} at character ${i + 1} is no part of one`;
  }
  return tokens;
}

/**
 * `raw` if it is a list of `label op "value"` matchers that every rule can embed, otherwise
 * what is wrong: anything but matchers (braces, a metric name, a function, `or`, a trailing
 * comma), quoted or reserved (`__…`, such as `__name__`) label names, an unknown escape, a
 * regex that Go's RE2 would not compile, control or invisible characters, Terraform template
 * syntax. Prometheus anchors each regex itself (`^(?s:…)$`); nothing is added here.
 */
export function parseAlertSelector(raw: string): Parsed<string> {
  if (raw.trim() === "") return refused(`${EXAMPLE}: at least one matcher, or the alerts would watch every series in Prometheus`);
  if (raw.length > MAX_SELECTOR_LENGTH) return refused(`${EXAMPLE}, at most ${MAX_SELECTOR_LENGTH} characters (got ${raw.length})`);
  // Control characters break the rule file's YAML line; format characters (zero-width, bidi
  // overrides) make a value that looks right and never matches.
  const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.exec(raw);
  if (invisible) return refused(`${EXAMPLE}, without control or invisible characters (found ${codePointName(invisible[0])} at character ${invisible.index + 1})`);
  const template = /[$%]\{/.exec(raw);
  if (template) return refused(`${EXAMPLE}, without Terraform template syntax \${ or %{ (found at character ${template.index + 1})`);

  const tokens = tokenize(raw);
  if (typeof tokens === "string") return refused(`${EXAMPLE}: ${tokens}`);
  // label op "value" [,] — four tokens a matcher.
  for (let i = 0; i < tokens.length; i += 4) {
    const problem = matcherProblem(tokens.slice(i, i + 5));
    if (problem) return refused(`${EXAMPLE}: ${problem}`);
  }
  return parsed(raw);
}

/** What is wrong with the matcher that starts `tokens` (and the start of the next one), if anything. */
function matcherProblem(tokens: readonly Token[]): string | undefined {
  const [name, operator, value, comma, next] = tokens;
  if (name.kind === "comma") return "no empty matcher before or between commas";
  if (name.kind === "string") return `an unquoted label name before ${cut(name.text)} (quoted label names and metric names in braces need Prometheus 3; the rules name the metric)`;
  if (name.kind !== "name") return `a label name before ${name.text}`;
  if (operator === undefined) return `an operator and a value after ${name.text} (a metric name or a bare word is no matcher)`;
  if (operator.kind !== "operator") return `one of =, !=, =~, !~ after ${name.text} (got ${operator.text})`;
  if (value === undefined || value.kind !== "string") return `a double-quoted value after ${name.text}${operator.text}`;
  if (name.text.startsWith("__")) {
    return `no label name starting with __ (got ${name.text}): Prometheus reserves them, and __name__ would fight the metric each rule names`;
  }
  if (operator.text === "=~" || operator.text === "!~") {
    const problem = re2SyntaxProblem(value.value);
    if (problem) return `a regex that Prometheus (Go RE2) compiles in ${cut(`${name.text}${operator.text}${value.text}`)}: ${problem}`;
  }
  if (comma === undefined) return undefined;
  if (comma.kind !== "comma") {
    return comma.kind === "name" && /^(or|and|unless)$/i.test(comma.text)
      ? `matchers joined by commas (${comma.text} is a PromQL operator between expressions, not inside a selector)`
      : `matchers joined by commas (got ${cut(comma.text)} after ${cut(`${name.text}${operator.text}${value.text}`)})`;
  }
  if (next === undefined) return "no trailing comma: the rules append their own matchers after a comma, and ,, is invalid";
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// RE2 syntax, as Go's regexp/syntax parses with the Perl flags Prometheus compiles with.
// JavaScript's RegExp cannot stand in: it refuses valid RE2 (`(?i)x`, `(?P<n>x)`, `\pL`) and
// accepts what RE2 refuses (`\1`, `(?=x)`, `\q`, `\C`, `x{1001}`).

const POSIX_CLASSES = new Set(["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"]);
/** Go's unicode.Categories keys, and "Any". */
const UNICODE_CATEGORIES = new Set(
  "Any C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);
/**
 * Scripts (Go's unicode.Scripts keys) accepted in `\p{…}`: the common ones, which every Go
 * release knows. Others are refused rather than risk a name an older Go does not have.
 */
const UNICODE_SCRIPTS = new Set(
  "Arabic Armenian Bengali Common Cyrillic Devanagari Georgian Greek Han Hangul Hebrew Hiragana Inherited Katakana Latin Tamil Thai".split(" "),
);
/** Deeper nesting is refused before Go's limit (1000 nodes deep) could be reached. */
const MAX_GROUP_DEPTH = 100;
const MAX_REPEAT = 1000;

/** One level of groups: whether the stack top can be repeated, and the repeat need of what it holds. */
interface Level {
  operand: boolean;
  /** Go's repeatIsValid, as the least budget each operand needs: nested {m} counts multiply. */
  lastNeed: number;
  need: number;
}

/**
 * Why Go's regexp/syntax (Perl flags) would refuse `pattern`, or undefined when it compiles.
 * Checks what changes validity: groups and flags, escapes, classes, repetition operators and
 * counts (at most 1000, nested counts multiplied). Named groups are accepted in the `(?P<name>`
 * form only; `(?<name>` needs Go 1.22.
 */
export function re2SyntaxProblem(pattern: string): string | undefined {
  const cs = Array.from(pattern);
  const levels: Level[] = [{ operand: false, lastNeed: 0, need: 0 }];
  let lastWasRepeat = false;
  const push = (need = 0) => {
    const top = levels[levels.length - 1];
    top.operand = true;
    top.lastNeed = need;
    top.need = Math.max(top.need, need);
  };
  for (let i = 0; i < cs.length; ) {
    const c = cs[i];
    const wasRepeat = lastWasRepeat;
    lastWasRepeat = false;
    const top = levels[levels.length - 1];
    if (c === "*" || c === "+" || c === "?" || (c === "{" && parseRepeat(cs, i) !== undefined)) {
      const repeat = c === "{" ? parseRepeat(cs, i)! : { min: 0, max: -1, end: i + 1 };
      const op = cs.slice(i, repeat.end).join("");
      if (repeat.min > MAX_REPEAT || repeat.max > MAX_REPEAT || (repeat.max >= 0 && repeat.min > repeat.max)) {
        return `invalid repeat count ${op}: counts go from 0 to ${MAX_REPEAT}, the first no larger than the second`;
      }
      let end = repeat.end;
      if (cs[end] === "?") end++;
      if (wasRepeat) return `invalid nested repetition operator ${op}: RE2 has no possessive quantifiers or stacked repeats`;
      if (!top.operand) return `missing argument to repetition operator ${op}`;
      if (c === "{") {
        const m = repeat.max === -1 ? repeat.min : repeat.max;
        const need = repeat.max === 0 ? 0 : m === 0 ? top.lastNeed : Math.max(m, m * top.lastNeed);
        if ((repeat.min >= 2 || repeat.max >= 2) && need > MAX_REPEAT) {
          return `invalid repeat count ${op}: nested counts multiply to more than ${MAX_REPEAT}`;
        }
        top.lastNeed = need;
        top.need = Math.max(top.need, need);
      }
      lastWasRepeat = true;
      i = end;
      continue;
    }
    switch (c) {
      case "(": {
        if (levels.length > MAX_GROUP_DEPTH) return `groups nested at most ${MAX_GROUP_DEPTH} deep`;
        if (cs[i + 1] !== "?") {
          levels.push({ operand: false, lastNeed: 0, need: 0 });
          i++;
          break;
        }
        const group = perlGroup(cs, i);
        if (typeof group === "string") return group;
        if (group.opens) levels.push({ operand: false, lastNeed: 0, need: 0 });
        i = group.end;
        break;
      }
      case ")": {
        if (levels.length === 1) return "unexpected ): no group is open";
        const closed = levels.pop()!;
        push(closed.need);
        i++;
        break;
      }
      case "|":
        top.operand = false;
        top.lastNeed = 0;
        i++;
        break;
      case "[": {
        const end = classEnd(cs, i);
        if (typeof end === "string") return end;
        push();
        i = end;
        break;
      }
      case "\\": {
        const escape = escapeEnd(cs, i, false);
        if (typeof escape === "string") return escape;
        if (escape.literalCount !== 0) push();
        i = escape.end;
        break;
      }
      default:
        push();
        i++;
    }
  }
  if (levels.length > 1) return "missing closing ): a group is not closed";
  return undefined;
}

/** `{n}`, `{n,}` or `{n,m}` at `i` (no leading zeros), else undefined: then `{` is a literal. */
function parseRepeat(cs: string[], i: number): { min: number; max: number; end: number } | undefined {
  const match = /^\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?\}/.exec(cs.slice(i, i + 24).join(""));
  if (match === null) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === undefined ? -1 : Number(match[3]);
  return { min, max, end: i + match[0].length };
}

/** A `(?` group at `i`: flags `(?i)`, a non-capturing or flag group `(?i:`, or `(?P<name>`. */
function perlGroup(cs: string[], i: number): { end: number; opens: boolean } | string {
  const rest = cs.slice(i, i + 8).join("");
  const unsupported: [RegExp, string][] = [
    [/^\(\?<?[=!]/, "RE2 has no lookahead or lookbehind ((?=, (?!, (?<=, (?<!)"],
    [/^\(\?>/, "RE2 has no atomic groups ((?>)"],
    [/^\(\?P[=>]/, "RE2 has no backreferences or recursion ((?P=name), (?P>name))"],
    [/^\(\?</, "named groups only as (?P<name>…): (?<name>…) needs a Prometheus built with Go 1.22"],
    [/^\(\?#/, "RE2 has no (?# comments)"],
  ];
  for (const [pattern, why] of unsupported) if (pattern.test(rest)) return why;
  if (rest.startsWith("(?P<")) {
    const close = cs.indexOf(">", i);
    const name = close < 0 ? "" : cs.slice(i + 4, close).join("");
    if (!/^[A-Za-z0-9_]+$/.test(name)) return "a named group (?P<name>…) whose name is letters, digits and underscores";
    return { end: close + 1, opens: true };
  }
  // (?flags) or (?flags:  with flags i m s U, optionally -flags after them; Go also takes (?) and (?:.
  let j = i + 2;
  let negated = false;
  let sawFlag = false;
  for (; j < cs.length; j++) {
    const f = cs[j];
    if ("imsU".includes(f)) sawFlag = true;
    else if (f === "-" && !negated) {
      negated = true;
      sawFlag = false;
    } else if (f === ":" || f === ")") {
      if (negated && !sawFlag) break;
      return { end: j + 1, opens: f === ":" };
    } else break;
  }
  return `a flag group such as (?i) or (?i:…) with the flags i, m, s, U (got ${cs.slice(i, j + 1).join("")})`;
}

/** The end of a character class starting at `i` (`[`), or why it is invalid. */
function classEnd(cs: string[], i: number): number | string {
  let j = i + 1;
  if (cs[j] === "^") j++;
  let first = true;
  while (j < cs.length && (cs[j] !== "]" || first)) {
    first = false;
    // [:alpha:] and its negation [:^alpha:]: Go takes the first :] after [: as the end.
    if (cs[j] === "[" && cs[j + 1] === ":") {
      const close = indexOfSequence(cs, ":]", j + 2);
      if (close >= 0) {
        const name = cs.slice(j + 2, close).join("");
        if (!POSIX_CLASSES.has(name.replace(/^\^/, ""))) return `a known POSIX class such as [:alpha:] (got [:${name}:])`;
        j = close + 2;
        continue;
      }
    }
    const start = j;
    const lo = classChar(cs, j);
    if (typeof lo === "string") return lo;
    j = lo.end;
    if (lo.codePoint === undefined) continue;
    if (cs[j] === "-" && j + 1 < cs.length && cs[j + 1] !== "]") {
      const hi = classChar(cs, j + 1);
      if (typeof hi === "string") return hi;
      if (hi.codePoint === undefined) return `a character class range between two characters (got ${cs.slice(start, hi.end).join("")})`;
      if (hi.codePoint < lo.codePoint) {
        return `a character class range whose end does not come before its start (got ${String.fromCodePoint(lo.codePoint)}-${String.fromCodePoint(hi.codePoint)})`;
      }
      j = hi.end;
    }
  }
  if (j >= cs.length) return "missing closing ] of a character class";
  return j + 1;
}

/** Where `sequence` starts in `cs` at or after `from`, or -1. */
function indexOfSequence(cs: readonly string[], sequence: string, from: number): number {
  const wanted = Array.from(sequence);
  for (let k = from; k + wanted.length <= cs.length; k++) if (wanted.every((w, n) => cs[k + n] === w)) return k;
  return -1;
}

/** One member of a class at `j`: a character (with its code point) or a class escape such as \d (without). */
function classChar(cs: string[], j: number): { end: number; codePoint?: number } | string {
  if (cs[j] !== "\\") return { end: j + 1, codePoint: cs[j].codePointAt(0)! };
  return escapeEnd(cs, j, true);
}

/**
 * A backslash escape at `i`: where it ends, the code point it stands for when it is one
 * character, and how many literals it pushes (`\Q\E` pushes none). `inClass`: inside `[…]`,
 * where `\b`, `\A`, `\z`, `\Q` are not escapes.
 */
function escapeEnd(cs: string[], i: number, inClass: boolean): { end: number; codePoint?: number; literalCount?: number } | string {
  const e = cs[i + 1];
  if (e === undefined) return "a character after the trailing backslash";
  if (!inClass) {
    if ("AbBz".includes(e)) return { end: i + 2 };
    if (e === "Q") {
      // \Q…\E: everything between is literal; without \E, up to the end.
      const close = indexOfSequence(cs, "\\E", i + 2);
      const end = close < 0 ? cs.length : close;
      return { end: close < 0 ? end : end + 2, literalCount: end - (i + 2) };
    }
  }
  if ("dDsSwW".includes(e)) return { end: i + 2 };
  if (e === "p" || e === "P") {
    let name: string;
    let end: number;
    if (cs[i + 2] === "{") {
      const close = cs.indexOf("}", i + 2);
      if (close < 0) return `a closed Unicode class \\${e}{…}`;
      name = cs.slice(i + 3, close).join("");
      end = close + 1;
    } else {
      name = cs[i + 2] ?? "";
      end = i + 3;
    }
    const bare = name.replace(/^\^/, "");
    if (UNICODE_CATEGORIES.has(bare) || UNICODE_SCRIPTS.has(bare)) return { end };
    return `a Unicode class \\p{…} of a general category (such as L, Lu, Nd), Any, or one of the scripts ${[...UNICODE_SCRIPTS].join(", ")} (got \\${e}${cs[i + 2] === "{" ? `{${name}}` : name})`;
  }
  if (/[1-7]/.test(e) && !/[0-7]/.test(cs[i + 2] ?? "")) return `no backreference \\${e}: RE2 has none`;
  if (/[0-7]/.test(e)) {
    let end = i + 2;
    while (end < i + 4 && /[0-7]/.test(cs[end] ?? "")) end++;
    return { end, codePoint: parseInt(cs.slice(i + 1, end).join(""), 8) };
  }
  if (e === "x") {
    if (cs[i + 2] === "{") {
      const close = cs.indexOf("}", i + 3);
      const hex = close < 0 ? "" : cs.slice(i + 3, close).join("");
      if (!/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) return "a hex escape \\x{…} of 1 or more hex digits up to 10FFFF";
      return { end: close + 1, codePoint: parseInt(hex, 16) };
    }
    const hex = cs.slice(i + 2, i + 4).join("");
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return "a hex escape \\xhh of two hex digits";
    return { end: i + 4, codePoint: parseInt(hex, 16) };
  }
  const control: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (e in control) return { end: i + 2, codePoint: control[e] };
  // Go: "Escaped non-word characters are always themselves"; letters and digits are not.
  if (e.codePointAt(0)! < 0x80 && !/[A-Za-z0-9]/.test(e)) return { end: i + 2, codePoint: e.codePointAt(0)! };
  const known: Record<string, string> = {
    k: "RE2 has no named backreferences (\\k)",
    g: "RE2 has no backreferences or subroutine calls (\\g)",
    C: "RE2 does not support \\C (any byte)",
    Z: "RE2 has no \\Z; use \\z or $",
    G: "RE2 has no \\G",
    K: "RE2 has no \\K",
    R: "RE2 has no \\R; use (\\r\\n|\\n)",
    X: "RE2 has no \\X",
    h: "RE2 has no \\h; use [\\t ]",
    e: "RE2 has no \\e; use \\x1b",
    c: "RE2 has no \\cX control escapes; use \\x..",
  };
  return `valid escapes only: \\${e} is none${known[e] ? ` (${known[e]})` : inClass && "bAzQ".includes(e) ? " inside a character class" : ""}`;
}

/** One matcher of a selector: `label op "value"`, the value unquoted. */
export interface SelectorMatcher {
  readonly label: string;
  readonly operator: (typeof OPERATORS)[number];
  readonly value: string;
}

/** The matchers of a selector `parseAlertSelector` accepted. */
export function selectorMatchers(selector: string): SelectorMatcher[] {
  const tokens = tokenize(selector) as Token[];
  const matchers: SelectorMatcher[] = [];
  for (let i = 0; i < tokens.length; i += 4) {
    const [name, operator, value] = tokens.slice(i, i + 3);
    matchers.push({ label: name.text, operator: operator.text as SelectorMatcher["operator"], value: (value as Extract<Token, { kind: "string" }>).value });
  }
  return matchers;
}
