/**
 * Deepest nesting the emulator parses. Real request bodies nest a handful of levels; a body nested
 * thousands deep would overflow the stack of any recursive walk that later touches it (logging,
 * validation, cloning), so it is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

/** The deepest `[`/`{` nesting of JSON text, counted without recursion; brackets inside strings do not count. */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}
