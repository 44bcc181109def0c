/** A titled group of chart tags, in the order the panel shows them. */
export interface TagGroup {
  title: string;
  tags: string[];
}

const GROUPS: { title: string; matches(tag: string): boolean }[] = [
  { title: 'Returns and evaluation', matches: (tag) => /return|reward|^eval\//i.test(tag) },
  { title: 'Losses', matches: (tag) => /loss/i.test(tag) },
  { title: 'Other scalars', matches: () => true },
];

/**
 * Sorts logged scalar names into groups as a TensorBoard user expects to scan them: returns and
 * evaluation first, then losses, then the rest; alphabetical inside a group, so the order never
 * depends on which runs are shown. `filter` keeps the tags it matches, as a case-insensitive
 * regular expression (or as plain text when it is not a valid one). Empty groups are left out.
 *
 * @example groupTags(['loss', 'eval/meanReturn', 'fps'], '') // [{ title: 'Returns and evaluation', tags: ['eval/meanReturn'] }, { title: 'Losses', ... }, ...]
 */
export function groupTags(tags: Iterable<string>, filter = ''): TagGroup[] {
  const matches = tagMatcher(filter);
  const groups = GROUPS.map((group) => ({ title: group.title, tags: [] as string[] }));
  for (const tag of new Set(tags)) {
    if (!matches(tag)) continue;
    groups[GROUPS.findIndex((group) => group.matches(tag))]!.tags.push(tag);
  }
  for (const group of groups) group.tags.sort((a, b) => a.localeCompare(b));
  return groups.filter((group) => group.tags.length > 0);
}

function tagMatcher(filter: string): (tag: string) => boolean {
  const text = filter.trim();
  if (text === '') return () => true;
  try {
    const pattern = new RegExp(text, 'i');
    return (tag) => pattern.test(tag);
  } catch {
    const lower = text.toLowerCase();
    return (tag) => tag.toLowerCase().includes(lower);
  }
}
