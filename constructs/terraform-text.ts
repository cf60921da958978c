import { Token } from "cdktf";

/**
 * Makes rendered text (YAML, scripts) reach Terraform literally: Terraform reads `${` and `%{`
 * in any JSON string as template syntax, so they are doubled. Tokens (references to other
 * resources, such as certificates) pass through untouched. `Fn.rawString` is not used because
 * it leaves `%{` alone and escapes quotes and newlines a second time.
 */
export function literalText(text: string): string {
  if (Token.isUnresolved(text)) return text;
  // Replacer functions, because "$$" in a replacement string means a single "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
