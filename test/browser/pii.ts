// A scanner for the personal data the ingest masks must remove (README "Data and privacy"): 18-digit
// resident IDs, mainland mobile numbers, 16–19 digit card numbers and e-mail addresses. It is written
// apart from src/privacy.ts on purpose — a test that reused the masks' own patterns could not
// catch a pattern that is wrong in both places. Check digits (GB 11643 for IDs, Luhn for cards) keep
// digit runs that happen inside bundled libraries (2^53 − 1, hash constants) from being reported.
import { readdirSync, readFileSync } from "node:fs";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { join, relative } from "node:path";

export type PiiKind = "resident_id" | "mobile" | "card_number" | "email";
export const PII_KINDS: readonly PiiKind[] = ["resident_id", "mobile", "card_number", "email"];

export interface PiiHit {
  kind: PiiKind;
  value: string;
  file: string;
}

/** GB 11643-1999 check digit (ISO 7064 MOD 11-2) of an 18-character resident ID. */
export function residentIdValid(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((n, w, i) => n + w * Number(id[i]), 0);
  return "10X98765432"[sum % 11] === id[17].toUpperCase();
}

/** Luhn check of a bank card number (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// A digit run right after a decimal point is a fraction (0.09340909090909091), and one glued to hex
// letters is part of a hex string (d3's colour ramps "…969696636363252525…", hashes): not someone's number.
const NOT_AFTER = String.raw`(?<![0-9A-Fa-f.])`;
const NOT_BEFORE = String.raw`(?![0-9A-Fa-f])`;
const PATTERNS: Record<PiiKind, { regex: RegExp; valid?: (match: string) => boolean }> = {
  resident_id: {
    regex: new RegExp(String.raw`${NOT_AFTER}[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]${NOT_BEFORE}`, "g"),
    valid: residentIdValid,
  },
  // +86 and spaces or hyphens in the 3-4-4 grouping people write are allowed.
  mobile: { regex: new RegExp(String.raw`${NOT_AFTER}(?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}${NOT_BEFORE}`, "g") },
  card_number: {
    regex: new RegExp(String.raw`${NOT_AFTER}(?:[0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{1,3})?)${NOT_BEFORE}`, "g"),
    valid: (match) => luhnValid(match.replace(/[ -]/g, "")),
  },
  email: { regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
};

/** Personal data found in one text. */
export function scanPii(text: string, file = "<text>"): PiiHit[] {
  const hits: PiiHit[] = [];
  for (const kind of PII_KINDS) {
    const { regex, valid } = PATTERNS[kind];
    for (const match of text.matchAll(regex)) {
      if (!valid || valid(match[0])) hits.push({ kind, value: match[0], file });
    }
  }
  return hits;
}

/** Every file under a directory, of any type: read as UTF-8 where it is text, byte for byte otherwise. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Reads a file as text whatever its encoding: UTF-8 if it decodes, else GB18030 (the branch exports). */
export function readText(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/**
 * Every file under a built site, its .gz/.br siblings (src/site/compress.ts) decoded first: scanned as
 * what a browser receives, not as compressed bytes (which could spell a "number" by chance).
 */
export function scanPiiDirectory(dir: string): PiiHit[] {
  return filesUnder(dir).flatMap((path) => {
    if (!/\.(gz|br)$/.test(path)) return scanPii(readText(path), relative(dir, path));
    const bytes = readFileSync(path);
    const decoded = path.endsWith(".gz") ? gunzipSync(bytes) : brotliDecompressSync(bytes);
    return scanPii(new TextDecoder("utf-8").decode(decoded), relative(dir, path));
  });
}
