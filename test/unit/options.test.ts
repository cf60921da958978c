import { HelpRequested, UsageError } from "../../environment";
import { parseOptions, userPath, type OptionSpec } from "../../tools/options";

const spec: OptionSpec = { usage: "npm run x -- <file> [--markdown] [--base <ref>]", flags: ["--markdown"], values: ["--base"], positionals: 1 };

test("reads flags, values and positionals", () => {
  expect(parseOptions(["plan.json", "--base", "main", "--markdown"], spec)).toEqual({ flags: new Set(["--markdown"]), values: { "--base": "main" }, positionals: ["plan.json"] });
  expect(parseOptions([], spec)).toEqual({ flags: new Set(), values: {}, positionals: [] });
});

test.each([
  [["--markdwon"], 'unknown option "--markdwon"'],
  [["-m"], 'unknown option "-m"'],
  [["--base"], "--base needs a value"],
  [["--base", "--markdown"], "--base needs a value"],
  [["--base", "a", "--base", "b"], "--base is given twice"],
  [["--markdown", "--markdown"], "--markdown is given twice"],
  [["a.json", "b.json"], 'unexpected argument "b.json"'],
])("refuses %j: %s, with the usage", (args, why) => {
  expect(() => parseOptions(args, spec)).toThrow(UsageError);
  expect(() => parseOptions(args, spec)).toThrow(expect.objectContaining({ exitCode: 2 }));
  expect(() => parseOptions(args, spec)).toThrow(`${why}\nusage: npm run x -- <file> [--markdown] [--base <ref>]`);
});

test.each([["--help"], ["-h"], ["plan.json", "--bogus", "--help"]])("%s asks for the usage, before any other argument is judged: exit code 0", (...args) => {
  expect(() => parseOptions(args, spec)).toThrow(HelpRequested);
  expect(() => parseOptions(args, spec)).toThrow(expect.objectContaining({ exitCode: 0, message: "usage: npm run x -- <file> [--markdown] [--base <ref>]" }));
});

test("a file argument is taken from where the user typed npm run (INIT_CWD), else from the working directory", () => {
  expect(userPath("plan.json", { INIT_CWD: "/home/me/infra/plans" }, "/home/me/infra")).toBe("/home/me/infra/plans/plan.json");
  expect(userPath("../plan.json", { INIT_CWD: "/home/me/infra/plans" }, "/home/me/infra")).toBe("/home/me/infra/plan.json");
  expect(userPath("/tmp/plan.json", { INIT_CWD: "/home/me/infra/plans" }, "/home/me/infra")).toBe("/tmp/plan.json");
  expect(userPath("plan.json", {}, "/home/me/infra")).toBe("/home/me/infra/plan.json");
});
