// Finds references in built HTML/CSS/JS that would make a browser fetch from another host: script, link
// and img sources, CSS @import and url(), fetch() and import() of absolute or protocol-relative URLs.
// Namespace strings inside libraries (xmlns, "http://www.w3.org/2000/svg") are identifiers, not requests.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface OutsideReference {
  file: string;
  kind: string;
  url: string;
}

const OUTSIDE = String.raw`(?:https?:)?\/\/[^\s"'()<>]+`;
const PATTERNS: { kind: string; regex: RegExp }[] = [
  { kind: "script src", regex: new RegExp(String.raw`<script\b[^>]*\bsrc\s*=\s*["']?(${OUTSIDE})`, "gi") },
  { kind: "link href", regex: new RegExp(String.raw`<link\b[^>]*\bhref\s*=\s*["']?(${OUTSIDE})`, "gi") },
  { kind: "img src", regex: new RegExp(String.raw`<(?:img|source|iframe|video|audio)\b[^>]*\bsrc\s*=\s*["']?(${OUTSIDE})`, "gi") },
  { kind: "css @import", regex: new RegExp(String.raw`@import\s+(?:url\()?\s*["']?(${OUTSIDE})`, "gi") },
  { kind: "css url()", regex: new RegExp(String.raw`url\(\s*["']?(${OUTSIDE})`, "gi") },
  { kind: "fetch", regex: new RegExp(String.raw`\bfetch\(\s*["'\x60](${OUTSIDE})`, "gi") },
  { kind: "import", regex: new RegExp(String.raw`\bimport\s*(?:\(\s*|[^;'"\x60]*?\bfrom\s*)["'\x60](${OUTSIDE})`, "gi") },
];

/** Outside references in one text. */
export function scanText(text: string, file = "<text>"): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const { kind, regex } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const url = match[1];
      if (/^(?:https?:)?\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?\//i.test(url)) continue;
      found.push({ file, kind, url });
    }
  }
  return found;
}

/** Outside references in every .html, .css and .js file under a directory. */
export function scanDirectory(dir: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(html|css|js)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    found.push(...scanText(readFileSync(path, "utf8"), relative(dir, path)));
  }
  return found;
}

/**
 * Personal data the masks must have removed: 18-digit IDs, mainland mobiles, 16–19 digit card numbers.
 * A digit run after a decimal point is a fraction (0.09340909090909091), not a number someone owns.
 */
export const PII_PATTERNS: Record<string, RegExp> = {
  resident_id: /(?<![0-9.])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g,
  mobile: /(?<![0-9.])1[3-9][0-9]{9}(?![0-9])/g,
  card_number: /(?<![0-9.])[0-9]{16,19}(?![0-9])/g,
};
