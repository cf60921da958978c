import { readFileSync } from "node:fs";
import { join } from "node:path";
import { markdownFiles } from "../markdown";

const root = join(__dirname, "../..");

test("the README and the docs pages name only npm scripts that exist", () => {
  const scripts = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts);
  const pages = markdownFiles(root).filter((file) => file === join(root, "README.md") || file.startsWith(join(root, "docs")));
  expect(pages.length).toBeGreaterThan(10);
  const named = pages.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]));
  expect(named).toContain("plan:summary");
  expect([...new Set(named)].filter((script) => !scripts.includes(script))).toEqual([]);
});

test("the quick start asks for the Node version package.json's engines require", () => {
  const engines: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines.node;
  const asked = /Node >= ([\d.]+)/.exec(readFileSync(join(root, "README.md"), "utf8"))?.[1];
  expect(`>=${asked}`).toBe(engines);
});
