/**
 * A generated block inside a hand-written Markdown page: the text between a begin and an end
 * marker, rewritten by a generator (`npm run render`) and drift-tested.
 */

/** A begin and an end marker, each an HTML comment on its own line. */
export type BlockMarkers = readonly [begin: string, end: string];

/**
 * `page` with the text between `markers` replaced by `content`; `undefined` if it lacks them.
 * The content and the end marker take the begin marker's indentation, so a block inside a list
 * item stays in it.
 */
export function withGeneratedBlock(page: string, markers: BlockMarkers, content: string): string | undefined {
  const [begin, end] = markers;
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from < 0 || to < from) return undefined;
  const indent = page.slice(page.lastIndexOf("\n", from) + 1, from);
  const indented = content.replace(/^(?=.)/gm, indent);
  return `${page.slice(0, from + begin.length)}\n${indented}${indent}${page.slice(to)}`;
}
