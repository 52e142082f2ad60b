/** How much of what someone typed a reply repeats: enough to recognise it, never a wall of their own text. */
export const ECHO_MAX = 60;

/**
 * What a person typed, as a reply repeats it ("I did not understand “…”"): mentions removed, runs of spaces and
 * line breaks made one space, and cut at a word near `max` characters with an ellipsis. Every reply that quotes
 * input goes through here, so `medlemmar` followed by 10,000 characters answers with a line, not the 10,000.
 */
export function echo(typed: string, max = ECHO_MAX): string {
  const text = typed
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if ([...text].length <= max) return text;
  const cut = [...text].slice(0, max).join('');
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max * 0.6 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
