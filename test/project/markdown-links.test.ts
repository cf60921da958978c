/**
 * Every link between the project's Markdown pages reaches a file, and every `#anchor` a heading
 * of that page (GitHub's slugs), so a renamed heading or a moved page fails here, not in a
 * reader's browser. The same holds for the pages the code names (error messages, alert
 * descriptions, comments): `docs/<page>.md#<anchor>`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { headingAnchors, markdownFiles } from "../markdown";

const root = join(__dirname, "..", "..");

/** Links to the project's own pages: `[text](target)` without a scheme, outside code. */
function localLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/i.test(target));
}

test("GitHub's slugs: punctuation and backticks dropped, repeats numbered", () => {
  expect([...headingAnchors("# `cdktf deploy prod` (Kubernetes)\n## What's new?\n## What's new?\n```\n# not a heading\n```\n")]).toEqual([
    "cdktf-deploy-prod-kubernetes",
    "whats-new",
    "whats-new-1",
  ]);
});

test("every link between Markdown pages reaches a file and, with an anchor, one of its headings", () => {
  const broken: string[] = [];
  for (const file of markdownFiles(root)) {
    const text = readFileSync(file, "utf8");
    for (const link of localLinks(text)) {
      const [path, anchor] = link.split("#");
      const target = path === "" ? file : join(dirname(file), decodeURIComponent(path));
      if (!existsSync(target)) broken.push(`${relative(root, file)}: ${link} (no such file)`);
      else if (anchor !== undefined && target.endsWith(".md") && !headingAnchors(readFileSync(target, "utf8")).has(anchor))
        broken.push(`${relative(root, file)}: ${link} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});

/** The source the stacks and tools are built from: what prints, synthesizes or documents a docs page. */
const CODE_DIRS = ["tracing", "constructs", "stacks", "tools"];
const CODE_FILES = ["main.ts", "environment.ts"];

function codeFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : /\.(ts|js)$/.test(entry.name) ? [path] : [];
    });
  return [...CODE_DIRS.flatMap((dir) => walk(join(root, dir))), ...CODE_FILES.map((file) => join(root, file))];
}

/** `docs/<page>.md` and `docs/<page>.md#<anchor>` as the code writes them. */
function docsReferences(code: string): string[] {
  return [...code.matchAll(/docs\/[a-z-]+\.md(?:#[\w-]+)?/g)].map((m) => m[0]);
}

test("a docs reference in code is read up to its anchor, without the punctuation after it", () => {
  expect(docsReferences("(see docs/operations.md#replacing-the-ca). and docs/settings.md lists them; docs/prod.md#a_b-c,")).toEqual([
    "docs/operations.md#replacing-the-ca",
    "docs/settings.md",
    "docs/prod.md#a_b-c",
  ]);
});

test("every docs page and anchor the code names exists", () => {
  const referenced = codeFiles().flatMap((file) => docsReferences(readFileSync(file, "utf8")).map((ref) => [relative(root, file), ref] as const));
  expect(referenced.length).toBeGreaterThan(15);
  const broken = referenced.filter(([, ref]) => {
    const [page, anchor] = ref.split("#");
    const target = join(root, page);
    return !existsSync(target) || (anchor !== undefined && !headingAnchors(readFileSync(target, "utf8")).has(anchor));
  });
  expect(broken.map(([file, ref]) => `${file}: ${ref}`)).toEqual([]);
});

test("the code points at docs pages, not at README sections (README.md is named only as the file whose generated block it writes)", () => {
  const sectionReferences = codeFiles().flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => /README(?!\.md)/.test(line))
      .map((line) => `${relative(root, file)}: ${line.trim()}`),
  );
  expect(sectionReferences).toEqual([]);
});
