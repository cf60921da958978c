/**
 * The local node's password hand-over, run for real by /bin/sh in a temporary directory, with a
 * stand-in for the image's entrypoint that reports the file it was given; the file's mode and
 * owner are then judged by the model of `elasticsearch-env-from-file` for each release line.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { entrypointAccepts, ENTRYPOINT_CHECKS, renderPasswordHandoff } from "../../tracing/elasticsearch/elasticsearch-password";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tracing-es-password-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Uploads the password as the provider does (0440), runs the hand-over, returns what the entrypoint got. */
function start(times = 1) {
  const uploaded = join(dir, "elastic-password");
  writeFileSync(uploaded, "s3cret-bootstrap");
  chmodSync(uploaded, 0o440);
  const entrypoint = join(dir, "docker-entrypoint.sh");
  writeFileSync(entrypoint, '#!/bin/sh\nprintf "%s %s %s" "$ELASTIC_PASSWORD_FILE" "${ELASTIC_PASSWORD-unset}" "$1"\n');
  chmodSync(entrypoint, 0o755);
  const script = renderPasswordHandoff({ uploaded, nodeCopy: join(dir, "copy"), entrypoint });
  let run = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" });
  for (let i = 1; i < times; i++) run = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" });
  const [file, password, command] = run.stdout.split(" ");
  return { run, file, password, command, uploaded };
}

const judged = (file: string) => {
  const stat = statSync(file);
  // The container runs the hand-over as the node's own user: readable means owned by it with u+r.
  return { mode: stat.mode & 0o777, readableByNode: stat.uid === process.getuid?.() && (stat.mode & 0o400) !== 0 };
};

test.each(ENTRYPOINT_CHECKS.map((check) => [check.releases, check]))("the entrypoint of %s starts Elasticsearch with the file it is handed", (_, check) => {
  const { run, file, password, command } = start();
  expect(run.status).toBe(0);
  expect(command).toBe("eswrapper");
  // The password itself never travels in the environment.
  expect(password).toBe("unset");
  expect(readFileSync(file, "utf8")).toBe("s3cret-bootstrap");
  expect(entrypointAccepts(check, judged(file))).toBe(true);
  expect(judged(file)).toEqual({ mode: 0o400, readableByNode: true });
});

test("a restart hands over a fresh copy, although the last one has no write bit", () => {
  const { run, file } = start(2);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(readFileSync(file, "utf8")).toBe("s3cret-bootstrap");
});

test("the upload itself (root-owned 0440) is refused before elastic/elasticsearch#144144, and a root-owned 0400 by every release", () => {
  const [before, carrying] = ENTRYPOINT_CHECKS;
  expect(entrypointAccepts(before, { mode: 0o440, readableByNode: true })).toBe(false);
  expect(entrypointAccepts(carrying, { mode: 0o440, readableByNode: true })).toBe(true);
  for (const check of ENTRYPOINT_CHECKS) expect(entrypointAccepts(check, { mode: 0o400, readableByNode: false })).toBe(false);
});

test("a missing upload stops the container before Elasticsearch starts", () => {
  const script = renderPasswordHandoff({ uploaded: join(dir, "missing"), nodeCopy: join(dir, "copy"), entrypoint: "/bin/true" });
  const run = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" });
  expect(run.status).not.toBe(0);
});
