import { CommandError } from "../../environment";
import { parseOptions, type OptionSpec } from "../../tools/options";

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
  expect(() => parseOptions(args, spec)).toThrow(CommandError);
  expect(() => parseOptions(args, spec)).toThrow(`${why}\nusage: npm run x -- <file> [--markdown] [--base <ref>]`);
});
