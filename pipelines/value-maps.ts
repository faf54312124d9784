// Shared value-map builders for pipeline declarations.
import type { CodeList } from "../src/codes.ts";

/** Maps each code's Chinese label to the code: exports from Chinese systems carry the labels. */
export function zhLabelsToCodes(list: CodeList): Record<string, string> {
  return Object.fromEntries(Object.entries(list).map(([code, label]) => [label.zh, code]));
}
