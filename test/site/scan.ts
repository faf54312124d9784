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
 * Personal data the masks must have removed, in every spelling the sample plants (src/demo/narratives.ts):
 * plain, grouped by spaces, dashes, dots or slashes, in full-width digits, and the other kinds (15-digit
 * IDs, landlines, passports, Hong Kong IDs, e-mails, names before 先生/女士). Written apart from the masks
 * (src/privacy.ts), on the text as it stands. A digit run after a decimal point is a fraction
 * (0.09340909090909091), not a number someone owns; one inside a word or a hash is not either.
 */
const D = "[0-9０-９]";
const S = "[ \u3000\\-－.．/／]";
const NOT_BEFORE = "(?<![0-9０-９A-Za-z.．])";
const NOT_AFTER = "(?![0-9０-９A-Za-z])";
const spelled = (core: string, flags = "g") => new RegExp(`${NOT_BEFORE}${core}${NOT_AFTER}`, flags);
const birth = "(?:[1１][89８９]|[2２][0０])[0-9０-９]{2}(?:[0０][1-9１-９]|[1１][0-2０-２])(?:[0０][1-9１-９]|[1-2１-２][0-9０-９]|[3３][01０１])";
export const PII_PATTERNS: Record<string, RegExp> = {
  resident_id: spelled(`[1-9１-９]${D}{5}${S}?${birth}${S}?${D}{3}[0-9０-９XxＸｘ]`),
  resident_id_15: spelled(`[1-9]${D}{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])${D}{3}`),
  mobile: spelled(`[1１][3-9３-９]${D}(?:${S}?${D}{4}){2}`),
  card_number: spelled(`(?:${D}{16,19}|${D}{4}(?:${S}${D}{4}){3,4}${D}{0,3}|${D}{6}${S}${D}{10,13})`),
  landline: spelled(`[0０]${D}{2,3}[-－]${D}{7,8}`),
  passport: /(?<![A-Za-z0-9])[EG][0-9]{8}(?![0-9])/g,
  hk_id: /(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{6}\([0-9A]\)/g,
  email: /(?:zhang|li\.wei|wang_fang|chen88)[@＠]/g,
  name: /(?:张伟|王芳|李娜|刘洋|陈静)(?:先生|女士)/g,
};

/** Spellings the sample must plant, each caught by PII_PATTERNS: the scan is only as good as what it has seen. */
export const PII_SPELLINGS: Record<string, RegExp> = {
  resident_id_spaced: spelled(`[1-9]${D}{5} ${birth} ${D}{3}[0-9Xx]`),
  resident_id_full_width: /[１-９][０-９]{16}[０-９Ｘ]/g,
  mobile_spaced: /1[3-9][0-9] [0-9]{8}(?![0-9])/g,
  mobile_dashed: /1[3-9][0-9]-[0-9]{4}-[0-9]{4}/g,
  mobile_dotted: /1[3-9][0-9]\.[0-9]{4}\.[0-9]{4}/g,
  mobile_slashed: /1[3-9][0-9]\/[0-9]{4}\/[0-9]{4}/g,
  mobile_full_width: /[１][３-９][０-９]{9}/g,
  card_6_13: /(?<![0-9])[0-9]{6} [0-9]{13}(?![0-9])/g,
  card_4_4_4_4: /(?<![0-9])[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}(?![0-9])/g,
  email_full_width: /[a-z.0-9_]+＠/g,
};
