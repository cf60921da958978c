/**
 * How the `elastic` bootstrap password reaches the local Elasticsearch node, on every version
 * `ELASTICSEARCH_VERSION` allows (7.x, 8.x, 9.x).
 *
 * Upstream facts (elastic/elasticsearch):
 * - The image's entrypoint sources `distribution/src/bin/elasticsearch-env-from-file`, which
 *   reads `ELASTIC_PASSWORD_FILE` only if `stat -L -c '%a'` gives 400 or 600; any other mode
 *   ends the container ("must have file permissions 400 or 600").
 * - elastic/elasticsearch#144144 ("Also allow modes 0440/0640 for docker entrypoint
 *   env-from-file approach", merged March 2026) adds 440 and 640. Its first release could not be
 *   confirmed from the sources at hand (the copies of the script read here predate it), so
 *   nothing below relies on it: mode 400 is accepted before and after it.
 * - Every image flavour's `ENTRYPOINT` is tini (`/bin/tini`, `/sbin/tini` in the Wolfi image)
 *   then `/usr/local/bin/docker-entrypoint.sh`, with `CMD ["eswrapper"]`; the image runs as
 *   uid 1000, gid 0 (`distribution/docker/src/docker/Dockerfile` and `dockerfiles/*`).
 *
 * The Docker provider uploads files root-owned with the declared mode (kreuzwerker/docker
 * 3.6.2 `internal/provider/resource_docker_container_funcs.go`: a tar header without uid/gid),
 * so the upload is root:root 0440, read by the node through group 0. That mode is refused
 * above, and a root-owned 0400 could not be read by uid 1000. So the container starts with a
 * short shell step, run as the node's own user: it copies the upload to a fresh 0400 file
 * owned by that user and hands that file to the image's entrypoint as `ELASTIC_PASSWORD_FILE`.
 *
 * Why not `ELASTIC_PASSWORD` in the container's environment: `docker inspect` shows it to
 * anyone who can reach the engine, and the Docker provider keeps it in Terraform state and in
 * `cdktf.out` as plain configuration. The copy lives inside the container only, readable by
 * the node's user alone.
 */

/** The Elasticsearch image's own entrypoint script, after tini. */
export const ELASTICSEARCH_IMAGE_ENTRYPOINT = "/usr/local/bin/docker-entrypoint.sh";
/** The argument that makes that script start Elasticsearch (the image's `CMD`). */
export const ELASTICSEARCH_IMAGE_COMMAND = "eswrapper";

/** The mode the handed-over copy gets: accepted by every release's check. */
export const NODE_PASSWORD_FILE_MODE = 0o400;
/** The umask that gives a file created by `>` (0666) that mode. */
const NODE_PASSWORD_FILE_UMASK = (0o666 & ~NODE_PASSWORD_FILE_MODE).toString(8).padStart(4, "0");

export interface PasswordHandoffPaths {
  /** The uploaded password file (root-owned, group 0 readable). */
  readonly uploaded: string;
  /** The copy the entrypoint reads; its directory must be writable by the node's user. */
  readonly nodeCopy: string;
  /** What runs next with `ELASTIC_PASSWORD_FILE` set. @default ELASTICSEARCH_IMAGE_ENTRYPOINT */
  readonly entrypoint?: string;
}

const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The `sh -c` script the node's container starts with. A restart runs it again: the copy left
 * by the last start has no write bit, so it is removed and made afresh.
 */
export function renderPasswordHandoff(paths: PasswordHandoffPaths): string {
  const copy = quoted(paths.nodeCopy);
  return [
    "set -eu",
    `rm -f ${copy}`,
    `(umask ${NODE_PASSWORD_FILE_UMASK} && cat ${quoted(paths.uploaded)} > ${copy})`,
    `export ELASTIC_PASSWORD_FILE=${copy}`,
    `exec ${quoted(paths.entrypoint ?? ELASTICSEARCH_IMAGE_ENTRYPOINT)} ${ELASTICSEARCH_IMAGE_COMMAND}`,
  ].join("; ");
}

/** A release line of the image, as far as its password-file check goes. */
export interface EntrypointCheck {
  readonly releases: string;
  /** Octal modes `elasticsearch-env-from-file` accepts. */
  readonly acceptedModes: readonly number[];
}

/**
 * The check of `ELASTIC_PASSWORD_FILE` per release line: the releases before #144144 (every
 * 7.x and 8.x, and 9.x as far as known), and those that carry it. 7.x releases before the
 * script existed only required a readable file, which the strict check implies.
 */
export const ENTRYPOINT_CHECKS: readonly EntrypointCheck[] = [
  { releases: "7.x, 8.x and 9.x before elastic/elasticsearch#144144", acceptedModes: [0o400, 0o600] },
  { releases: "releases carrying elastic/elasticsearch#144144", acceptedModes: [0o400, 0o440, 0o600, 0o640] },
];

/** Whether a release line's entrypoint starts Elasticsearch with this password file. */
export function entrypointAccepts(check: EntrypointCheck, file: { readonly mode: number; readonly readableByNode: boolean }): boolean {
  return file.readableByNode && check.acceptedModes.includes(file.mode & 0o777);
}
