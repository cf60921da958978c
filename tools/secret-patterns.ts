/**
 * What secret material looks like in text: used to scan every synthesized file. A match is
 * a leak; generated secrets must appear only as Terraform references (`${random_password…}`)
 * or be read from mounted files at run time (`$(cat …)`).
 */
export const SECRET_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: "PEM private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "base64 PEM block", pattern: /LS0tLS1CRUdJTi/ },
  // Values that are references, file reads, printf slots, paths or snake_case names (output
  // names in cdktf's metadata) are not secrets.
  {
    name: "password/secret/token assignment",
    pattern: /(password|passwd|secret|token|api[_-]?key)["']?\s*[=:]\s*["']?(?!\$\{|\$\(cat |%s|\/|[a-z]+(_[a-z]+)+["'\s,}])[^\s"',}]{8,}/i,
  },
  { name: "credentials in a URL", pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]+:[^/\s@"]+@/i },
  { name: "bearer token", pattern: /Bearer\s+[A-Za-z0-9._~+/-]{20,}/ },
  { name: "JSON web token", pattern: /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./ },
  { name: "AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/ },
  { name: "Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: "bcrypt hash (htpasswd)", pattern: /\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}/ },
  { name: "generated-password-like string", pattern: /(?<![\w$.{/-])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{24,}(?![\w-])/ },
];

/** The names of the patterns that match `text`. */
export function findSecrets(text: string): string[] {
  return SECRET_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}
