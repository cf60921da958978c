import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CHARTS, helmValuesText, readHelmValues } from "../../stacks/helm-values";

const file = (name: string) => readFileSync(join(__dirname, "../../helm-values", name), "utf8");

test.each(Object.values(CHARTS).map((chart) => chart.valuesFile))("%s reaches Helm as its data, without the comments", (valuesFile) => {
  const sent = readHelmValues(valuesFile);
  expect(parse(sent)).toEqual(parse(file(valuesFile)));
  expect(file(valuesFile)).toMatch(/^#/m);
  expect(sent).not.toMatch(/#/);
});

test("a comment edit in a values file changes nothing Helm receives; a value edit does", () => {
  const before = "# Why the operator watches one namespace (tracing/validation.ts)\ninstallCRDs: false # the CRDs have their own release\nconfig:\n  # one year\n  caValidity: 8760h\n";
  const commentEdited = before.replace("tracing/validation.ts", "tracing/checked-settings/validation.ts").replace("# one year", "# 365 days");
  const valueEdited = before.replace("8760h", "4380h");
  expect(helmValuesText(commentEdited)).toBe(helmValuesText(before));
  expect(helmValuesText(before)).toBe("installCRDs: false\nconfig:\n  caValidity: 8760h\n");
  expect(helmValuesText(valueEdited)).not.toBe(helmValuesText(before));
});
