/**
 * Reading synthesized output: the stack documents of a synth's files, and string leaves of
 * JSON. No cdktf import, so suites that only read a synth load fast.
 */

/** The synthesized Terraform JSON of each stack, from a synth's files by relative path. */
export function stackDocuments(files: Map<string, string>): Record<string, any> {
  return Object.fromEntries(
    [...files]
      .filter(([path]) => path.endsWith("cdk.tf.json"))
      .map(([path, text]) => [path.split("/")[1], JSON.parse(text)]),
  );
}

/** Every string leaf of a JSON document with its key path. */
export function stringLeaves(node: unknown, path: string[] = []): { path: string[]; value: string }[] {
  if (typeof node === "string") return [{ path, value: node }];
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => stringLeaves(value, [...path, key]));
}
