/** The default base of `npm run diff`, against small real git repositories (no synth). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError } from "../../environment";
import { defaultBase } from "../../tools/synth-sides";

let dir: string;
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" }).trim();
const commit = (name: string) => {
  writeFileSync(join(dir, name), name);
  git("add", name);
  git("commit", "--quiet", "-m", name);
  return git("rev-parse", "HEAD");
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tracing-base-"));
  git("init", "--quiet", "--initial-branch=main");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("the merge base with main, and says so", () => {
  const forked = commit("a");
  git("checkout", "--quiet", "-b", "feature");
  commit("b");
  expect(defaultBase(dir)).toEqual({ ref: forked, refLabel: "merge base with main" });
});

test("a CI checkout without a local main falls back to origin/main, and says so", () => {
  const forked = commit("a");
  git("update-ref", "refs/remotes/origin/main", forked);
  git("checkout", "--quiet", "-b", "feature");
  git("branch", "--quiet", "-D", "main");
  commit("b");
  expect(defaultBase(dir)).toEqual({ ref: forked, refLabel: "merge base with origin/main" });
});

test("with neither, it refuses with exit code 2 instead of comparing with HEAD", () => {
  commit("a");
  git("checkout", "--quiet", "-b", "feature");
  git("branch", "--quiet", "-D", "main");
  expect(() => defaultBase(dir)).toThrow(CommandError);
  expect(() => defaultBase(dir)).toThrow(/no main or origin\/main to compare with .*--base origin\/main/);
  expect(() => defaultBase(dir)).toThrow(expect.objectContaining({ exitCode: 2 }));
});
