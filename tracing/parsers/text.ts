/**
 * What the parsers share: how a bad value or character is shown in a message, and how close
 * a typo is to what was meant. Pure, and imports nothing.
 */

/** The value as a JSON string, cut to `max` characters so one bad setting cannot flood the output. */
export function shown(value: string, max = 40): string {
  const chars = [...value];
  return printable(JSON.stringify(chars.length > max ? `${chars.slice(0, max).join("")}…` : value));
}

/**
 * Text safe to print: every control, format or separator character but the plain space as
 * `\u{…}`, so a value cannot move the cursor, clear the screen or reverse what follows.
 */
export function printable(text: string): string {
  return text.replace(/(?! )[\p{C}\p{Z}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
}

/** Text for a message, cut to 80 characters (the last an ellipsis), as the settings messages show values. */
export function cut(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** `U+000A`: a character named by its code point, so an invisible one shows. */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A visible ASCII character quoted; anything else by code point, since it may not print at all. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0x20 && code < 0x7f ? JSON.stringify(char) : codePointName(char);
}

/**
 * The first character no setting may hold: control characters (NUL, ESC, CR, LF, DEL, C1)
 * and format characters (zero-width spaces, joiners, BOM, bidirectional overrides), which
 * are invisible in an editor and a terminal, so a value that holds one is not what its
 * author reads.
 */
export function firstInvisibleCharacter(value: string): string | undefined {
  return /[\p{Cc}\p{Cf}]/u.exec(value)?.[0];
}

/** Levenshtein distance, for did-you-mean hints. */
export function editDistance(a: string, b: string): number {
  // One typed row and plain comparisons: every did-you-mean compares a name with hundreds.
  const row = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      let best = diagonal + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      if (above + 1 < best) best = above + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diagonal = above;
    }
  }
  return row[b.length];
}
