/**
 * The dependency policy (docs/operations.md#dependencies-and-upgrades): every dependency is used, and every install
 * script in the lockfile has a decision in `allowScripts`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));
const manifest = readJson("package.json");
const lockfile = readJson("package-lock.json");
const direct: string[] = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

/** Package names the code imports or requires (the part of a specifier before any subpath). */
function importedPackages(): Set<string> {
  const files = ["main.ts", "environment.ts", "jest.config.js", ...["tracing", "constructs", "stacks", "tools", "test"].flatMap(sourceFiles)];
  const specifier = /(?:from\s+|require\(|require\.resolve\(|import\(|jest\.mock\()\s*["']([^"'./][^"']*)["']|["'](@swc\/jest)["']/g;
  const names = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(join(root, file), "utf8").matchAll(specifier)) {
      const name = match[1] ?? match[2];
      names.add(name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]);
    }
  }
  return names;
}

/** Why a direct dependency that no code imports is still needed, by what needs it. */
function otherUses(name: string): string[] {
  const uses: string[] = [];
  const binaries = Object.keys(readJson(`node_modules/${name}/package.json`).bin ?? {});
  const commands = [...Object.values<string>(manifest.scripts), readJson("cdktf.json").app, readFileSync(join(root, ".ci/run"), "utf8")].join("\n");
  if (binaries.some((bin) => new RegExp(`(^|[\\s/])${bin}(\\s|$)`, "m").test(commands))) uses.push("a command runs its binary");
  if (name.startsWith("@types/") && readJson("tsconfig.json").compilerOptions.types.includes(name.slice("@types/".length))) uses.push("tsconfig types");
  const peersOf = direct.filter((other) => name in (readJson(`node_modules/${other}/package.json`).peerDependencies ?? {}));
  if (peersOf.length > 0) uses.push(`peer of ${peersOf.join(", ")}`);
  if (readFileSync(join(root, "stryker.config.mjs"), "utf8").includes(`"${name}"`)) uses.push("a plugin stryker.config.mjs loads");
  return uses;
}

test("every direct dependency is imported, runs as a command, is a tsconfig type or a peer of another", () => {
  const imported = importedPackages();
  const unused = direct.filter((name) => !imported.has(name) && otherUses(name).length === 0);
  expect(unused).toEqual([]);
});

test("every package in the lockfile with an install script has a decision in allowScripts, and no decision is stale", () => {
  const withScripts = Object.entries<any>(lockfile.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  const decided = Object.keys(manifest.allowScripts ?? {}).map((key) => key.replace(/(.)@.*$/, "$1"));
  expect([...new Set(withScripts)].sort()).toEqual([...new Set(decided)].sort());
});

test("npm fails an install that meets an undecided install script instead of running it", () => {
  const npmrc = readFileSync(join(root, ".npmrc"), "utf8");
  expect(npmrc.split("\n").filter((line) => !line.startsWith("#") && line.trim() !== "")).toEqual(["strict-allow-scripts=true"]);
});

test("no install script is allowed: each denied one's job is done without it", () => {
  // Prebuilt binaries arrive as packages (esbuild's and SWC's per-platform optional
  // dependencies, node-pty's prebuilds/); protobufjs' script only checks its CLI's versions.
  expect(manifest.allowScripts).toEqual({ "@cdktf/node-pty-prebuilt-multiarch": false, "@swc/core": false, esbuild: false, protobufjs: false });
});
