/**
 * Every link between the project's Markdown pages reaches a file, and every `#anchor` a heading
 * of that page (GitHub's slugs), so a renamed heading or a moved page fails here, not in a
 * reader's browser.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = join(__dirname, "..", "..");

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".git", "cdktf.out", ".build", "examples"].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, "");
  for (const [, heading] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

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
