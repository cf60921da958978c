import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
const version: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

/** The `## ` sections after the version policy: each version, newest first. */
const versions = changelog
  .split(/^## /m)
  .slice(1)
  .filter((section) => !section.startsWith("Version policy"));

test("the CHANGELOG lists Unreleased, then package.json's version, then older versions, newest first", () => {
  const headings = versions.map((section) => section.split("\n")[0].replace(/ \(\d{4}-\d{2}-\d{2}\)$/, ""));
  const byVersion = (a: string, b: string) => b.localeCompare(a, "en", { numeric: true });
  expect(headings[0]).toBe("Unreleased");
  expect(headings[1]).toBe(version);
  expect(headings.slice(1)).toEqual([...headings.slice(1)].sort(byVersion));
});

test("every version says what a running prod must do: upgrade notes, or that it has none", () => {
  const silent = versions.filter((section) => !/^### Upgrade notes/m.test(section) && !/No upgrade notes/.test(section));
  expect(silent.map((section) => section.split("\n")[0])).toEqual([]);
});

test("within a version each kind of change has one section", () => {
  const repeated = versions.flatMap((section) => {
    const headings = [...section.matchAll(/^### (\w+)/gm)].map((m) => m[1]);
    return headings.filter((heading, i) => headings.indexOf(heading) !== i).map((heading) => `${section.split("\n")[0]}: ${heading}`);
  });
  expect(repeated).toEqual([]);
});
