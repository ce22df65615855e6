// LIKE patterns from user input: `%` and `_` are matched literally, never as wildcards.
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** The words of a search box (at most five), lower-cased: every one of them must match. */
export function searchTerms(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
}
