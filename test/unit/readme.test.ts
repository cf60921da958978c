import { readFileSync } from "node:fs";
import { join } from "node:path";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");

test("the README names every npm script it tells people to run", () => {
  const scripts = Object.keys(JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")).scripts);
  for (const used of readme.matchAll(/npm run ([a-z:]+)/g)) expect(scripts).toContain(used[1]);
});
