import { Token } from "cdktf";

/** cdktf's encoding of a string token inside text (`${TfToken[TOKEN.12]}`, lib/tokens/private/encoding.js). */
const STRING_TOKEN = /(\$\{TfToken\[[a-zA-Z0-9:._-]+\]\})/;

/**
 * Makes rendered text (YAML, scripts) reach Terraform literally: Terraform reads `${` and `%{`
 * in any JSON string as template syntax, so they are doubled. Tokens (references to other
 * resources, such as certificates or their expiry) pass through untouched, and the text around
 * them is still doubled. `Fn.rawString` is not used because it leaves `%{` alone and escapes
 * quotes and newlines a second time.
 */
export function literalText(text: string): string {
  if (Token.isUnresolved(text) && STRING_TOKEN.test(text) === false) return text;
  // Replacer functions, because "$$" in a replacement string means a single "$".
  const escape = (literal: string) => literal.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  return text
    .split(STRING_TOKEN)
    .map((part, i) => (i % 2 === 1 ? part : escape(part)))
    .join("");
}
