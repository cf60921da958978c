/**
 * `TRACING_KUBECONFIG` and `TRACING_KUBE_CONTEXT`: how the Kubernetes and Helm providers and
 * the kubernetes state backend reach the cluster. Both values end up as strings in the
 * synthesized Terraform JSON and nowhere else (no shell sees them).
 */
import { posix } from "node:path";
import { parsed, refused, type Parsed } from "./parsed";
import { describeCharacter, editDistance, firstInvisibleCharacter, shown } from "./text";

/** The kubeconfig value that means: use the pod's service account. */
export const IN_CLUSTER = "in-cluster";

/** Linux's PATH_MAX; no longer path can be opened. */
const PATH_MAX = 4096;

/**
 * `in-cluster` in any case (returned as `in-cluster`), or a kubeconfig file:
 * - `~/…` is kept as written: the providers and the backend expand `~/` themselves
 *   (go-homedir), and only for the user running Terraform; `~user/…` they refuse.
 * - A relative path is joined to `projectRoot`, because Terraform runs inside
 *   `cdktf.out/stacks/<stack>`, where the path would name another file. With an absolute
 *   `projectRoot` the result is absolute.
 * - Spaces inside the path are allowed: the path reaches the providers as a JSON string and
 *   no shell, and `~/Library/Application Support/…` is a real place for one. What is refused
 *   is what would not be read as written: `$` (no environment variable is expanded, and `${`
 *   starts a Terraform template), `%{` (a template directive), quotes and backslashes,
 *   `*` and `?` (no glob is expanded), shell operators, and invisible characters.
 */
export function parseKubeconfig(raw: string, projectRoot: string): Parsed<string> {
  if (projectRoot === "") throw new Error("parseKubeconfig needs the project root to resolve relative paths against");
  if (raw.toLowerCase() === IN_CLUSTER) return parsed(IN_CLUSTER);
  const lookAlike = inClusterLookAlike(raw);
  if (lookAlike) return refused(lookAlike);
  const what = `"in-cluster" or the path of a kubeconfig file`;
  if (raw === "") return refused(`${what} (it is empty)`);
  const problem = nameProblem(raw, "kubeconfig path");
  if (problem) return refused(problem);
  if (raw.includes("$")) {
    return refused(`a kubeconfig path without "$": no environment variable is expanded in it and "\${" starts a Terraform template; write the path itself, or start it with ~/`);
  }
  if (raw.includes("%{")) return refused(`a kubeconfig path without "%{", which Terraform reads as a template directive`);
  const wildcard = /[*?]/.exec(raw);
  if (wildcard) return refused(`the path of one kubeconfig file, without wildcards, which nothing expands (${describeCharacter(wildcard[0])})`);
  if (raw.length > PATH_MAX) return refused(`a kubeconfig path of at most ${PATH_MAX} characters (this one has ${raw.length})`);
  if (raw === "~") return refused(`a kubeconfig file under ~/, not the home directory itself`);
  if (raw.startsWith("~") && !raw.startsWith("~/")) {
    return refused(`~/… or a full path: the providers expand only ~/ (the home of the user running Terraform), not ~user/; write the full path of ${shown(raw.split("/")[0])}'s home`);
  }
  if (/(^|\/)(\.\.?)?$/.test(raw)) return refused(`the path of a kubeconfig file, not of a directory (${shown(raw)} names one)`);
  if (raw.startsWith("~/")) return parsed(raw);
  return parsed(posix.isAbsolute(raw) ? posix.normalize(raw) : posix.join(projectRoot, raw));
}

/**
 * Empty (the kubeconfig's current context) or a context name. Kubeconfig names are free
 * text, and real ones carry `:`, `/`, `@` and `_` (`arn:aws:eks:…:cluster/prod`,
 * `gke_project_zone_name`, `admin@kind`); at most 253 characters, the longest Kubernetes
 * object name, which every real context name fits.
 */
export function parseKubeContext(raw: string): Parsed<string> {
  if (raw === "") return parsed("");
  const problem = nameProblem(raw, "kubeconfig context name");
  if (problem) return refused(problem);
  const template = /[$%]\{/.exec(raw);
  if (template) return refused(`a kubeconfig context name without "${template[0]}", which Terraform reads as a template`);
  if (raw.length > 253) return refused(`a kubeconfig context name of at most 253 characters (this one has ${raw.length})`);
  return parsed(raw);
}

/**
 * What neither value may hold: invisible characters, whitespace other than an inner space,
 * quotes and backslashes (`.env` quoting is already gone, so one left is part of the value,
 * and almost always a mistake) and shell operators (a pasted command, not a name).
 */
function nameProblem(raw: string, what: string): string | undefined {
  const invisible = firstInvisibleCharacter(raw);
  if (invisible) return `a ${what} without control or invisible characters (${describeCharacter(invisible)})`;
  const space = /[^\S ]/u.exec(raw);
  if (space) return `a ${what} whose only whitespace is the plain space (${describeCharacter(space[0])})`;
  if (raw.trim() !== raw) return `a ${what} without leading or trailing spaces (${shown(raw)})`;
  const quote = /["'`\\]/.exec(raw);
  if (quote) return `a ${what} without quotes or backslashes, used exactly as written (${describeCharacter(quote[0])})`;
  const operator = /[;|&<>]/.exec(raw);
  if (operator) return `a ${what}, not a shell command (${describeCharacter(operator[0])})`;
  return undefined;
}

/**
 * A value meant as `in-cluster` but spelled otherwise: the same letters with other
 * separators, spaces or quotes (`incluster`, `in_cluster`, ` in-cluster`), or a typo of at
 * most two letters. Taken as a file it would fail only at `terraform plan`, so it is refused
 * with a did-you-mean. A value that is plainly a path (`./`, `../`, `/`, `~`) is not checked.
 */
function inClusterLookAlike(raw: string): string | undefined {
  if (/^(\.{0,2}\/|~)/.test(raw)) return undefined;
  const letters = raw.toLowerCase().replace(/[^a-z]/g, "");
  if (letters !== "incluster" && editDistance(raw.trim().toLowerCase(), IN_CLUSTER) > 2) return undefined;
  const name = raw.trim();
  const asFile = /^[A-Za-z0-9._-]+$/.test(name) ? ` For a file of that name write ./${name}` : "";
  return `"in-cluster" (any case) or a file path; did you mean in-cluster?${asFile}`;
}
