import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_OVERRIDES } from "../../tracing/settings";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");

test.each(ENVIRONMENT_OVERRIDES.map((o) => [o.variable, o.field]))(
  "the README's settings table documents %s (%s)",
  (variable, field) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${variable}\` \\| \`${field.replace(/\./g, "\\.")}\``, "m"));
  },
);
