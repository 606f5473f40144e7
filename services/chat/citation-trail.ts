// The breadcrumb a citation shows ("Help centre › Shipping › Express"): the document title, then
// the passage's heading path. Shared by the answer path (toCitation), the widget (bundled into
// /widget.js, so this module imports nothing) and the dashboard, so every place names a passage the
// same way. Chunking already drops a top heading equal to the title, but not every stored heading
// went through that rule (a document renamed after indexing, chunks indexed before the rule, an
// outline that repeats a level: "# Help centre / ## Help centre / ### Shipping"), so the trail is
// cleaned where it is shown too.

/** Joins heading levels; the same separator as the chunker's HEADING_SEPARATOR (tested). */
export const TRAIL_SEPARATOR = ' › ';

const comparable = (level: string) => level.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The levels of a citation, title first, each shown once: empty levels and a level equal to the one before it are dropped. */
export function citationTrail(title: string, heading: string): string[] {
  const levels: string[] = [];
  for (const raw of [title, ...(heading ? heading.split(TRAIL_SEPARATOR) : [])]) {
    const level = raw.replace(/\s+/g, ' ').trim();
    if (level && (levels.length === 0 || comparable(levels[levels.length - 1]!) !== comparable(level))) levels.push(level);
  }
  return levels;
}

/** The heading path below the title, without levels that repeat the title or each other. */
export function citationHeading(title: string, heading: string): string {
  const levels = citationTrail(title, heading);
  // A blank title keeps every level of the heading.
  return (title.trim() ? levels.slice(1) : levels).join(TRAIL_SEPARATOR);
}

/** "Title › Heading › Subheading", each level once. */
export const formatCitationTrail = (title: string, heading: string) => citationTrail(title, heading).join(TRAIL_SEPARATOR);
