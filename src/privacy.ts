// Privacy at the door (docs/design.md §4, §7): customer ids become a keyed pseudonym and
// narratives are masked before anything is stored in the canonical table. Both run inside DuckDB so the
// 1M-row ingest stays a single SQL pass (docs/offline.md: JS round trips are 40–400× slower).
import { createHash, createHmac } from "node:crypto";

/** Fixed key for `kesu demo` data only; real data must supply KESU_HMAC_KEY or config.hmacKey. */
export const DEMO_HMAC_KEY = "kesu-demo-key-not-for-production";

/** What identifies a key without revealing it: an HMAC of a fixed text under it (16 bytes, hex). */
export function keyFingerprint(key: string): string {
  return createHmac("sha256", key).update("kesu pseudonymisation key fingerprint v1").digest("hex").slice(0, 32);
}

const BLOCK_BYTES = 64; // SHA-256 block size (RFC 2104)

export interface HmacPads {
  innerHex: string;
  outerHex: string;
}

/** HMAC-SHA256 (RFC 2104) key pads: key ⊕ ipad and key ⊕ opad, hex-encoded for SQL `unhex`. */
export function hmacPads(key: string): HmacPads {
  if (!key) throw new Error("the pseudonymisation key is empty");
  let bytes = Buffer.from(key, "utf8");
  if (bytes.length > BLOCK_BYTES) bytes = createHash("sha256").update(bytes).digest();
  const padded = Buffer.alloc(BLOCK_BYTES);
  bytes.copy(padded);
  const inner = Buffer.alloc(BLOCK_BYTES);
  const outer = Buffer.alloc(BLOCK_BYTES);
  for (let i = 0; i < BLOCK_BYTES; i++) {
    inner[i] = padded[i] ^ 0x36;
    outer[i] = padded[i] ^ 0x5c;
  }
  return { innerHex: inner.toString("hex"), outerHex: outer.toString("hex") };
}

/**
 * SQL for HMAC-SHA256(key, expr) as lowercase hex, given the pads bound as parameters
 * `$hmac_inner` and `$hmac_outer`: sha256(K⊕opad ‖ sha256(K⊕ipad ‖ message)).
 */
export function hmacSql(expr: string): string {
  return `sha256(unhex($hmac_outer) || unhex(sha256(unhex($hmac_inner) || encode(${expr}))))`;
}

// Building blocks of the masks. Personal data is written in many spellings: full-width digits and letters
// (１３８…, ＠), and digits grouped by spaces, dashes, dots or slashes (138 1234 5678, 138.1234.5678,
// 440301 19850315 2316). The classes below take every such spelling in place, so the text itself is
// never rewritten, only the personal data replaced.
const D = "[0-9０-９]"; // a digit, half- or full-width
const NOT_D = "[^0-9０-９]";
const SEP = "[ \u3000\\-－.．/／]"; // one separator between digit groups (space, ideographic space, dash, dot, slash)
const DIGITS = (n: number) => `${D}(?:${SEP}?${D}){${n - 1}}`; // n digits, a separator allowed between any two
const DIGITS_RANGE = (min: number, max: number) => `${D}(?:${SEP}?${D}){${min - 1},${max - 1}}`;
const bounded = (core: string) => `(^|${NOT_D})${core}(${NOT_D}|$)`;
const LETTER_BEFORE = "(^|[^A-Za-zＡ-Ｚａ-ｚ0-9０-９])";

/** The masking rules, in the order applied; each replaces the match with a bracketed token. */
export const MASK_RULES: readonly { name: string; pattern: string; replacement: string }[] = [
  // Resident ID (GB 11643): 18 digits, the last may be X, in any grouping or width; the 15-digit ID of
  // before 1999 too. Checked before cards, so an ID is labelled as one.
  { name: "resident_id", pattern: bounded(`${DIGITS(17)}${SEP}?[0-9０-９XxＸｘ]`), replacement: "\\1[身份证号]\\2" },
  // Bank card / account numbers: 16–19 digits, bare or grouped any way (4-4-4-4, 6+13 …).
  { name: "card_number", pattern: bounded(DIGITS_RANGE(16, 19)), replacement: "\\1[卡号]\\2" },
  { name: "resident_id_15", pattern: bounded(DIGITS(15)), replacement: "\\1[身份证号]\\2" },
  // Mainland mobile numbers, optionally with +86, in any grouping or width.
  { name: "mobile", pattern: bounded(`(?:[+＋]?[8８][6６]${SEP}?)?[1１][3-9３-９]${D}(?:${SEP}?${D}){8}`), replacement: "\\1[手机号]\\2" },
  // Landlines with an area code: 010-12345678, 021 6234 0014, 0755-1234567.
  { name: "landline", pattern: bounded(`[0０]${D}{2,3}${SEP}?${D}{3,4}${SEP}?${D}{4}`), replacement: "\\1[电话]\\2" },
  // Hong Kong (A123402(8)), Macau (1234567(8)) and Taiwan (A123456789) identity cards.
  { name: "hk_macau_id", pattern: `${LETTER_BEFORE}(?:[A-ZＡ-Ｚ]{1,2}${D}{6}|[157１５７]${D}{6})[(（][0-9０-９AＡ][)）]`, replacement: "\\1[证件号]" },
  { name: "taiwan_id", pattern: `${LETTER_BEFORE}[A-ZＡ-Ｚ][12１２]${D}{8}(${NOT_D}|$)`, replacement: "\\1[证件号]\\2" },
  // Passports: E or G and 8 digits (mainland), also D/S/P (diplomatic, service, public affairs).
  { name: "passport", pattern: `${LETTER_BEFORE}[EGDSPＥＧＤＳＰ]${D}{8}(${NOT_D}|$)`, replacement: "\\1[护照号]\\2" },
  { name: "email", pattern: "[A-Za-z0-9._%+\\-Ａ-Ｚａ-ｚ０-９．]+[@＠][A-Za-z0-9.\\-Ａ-Ｚａ-ｚ０-９．]+[.．][A-Za-zＡ-Ｚａ-ｚ]{2,}", replacement: "[邮箱]" },
  // A name before 先生/女士/小姐 (张三先生, 李女士): the two Han characters before the title (a three-character
  // name keeps its first, the surname; more would eat the words before it: 客户张三先生).
  { name: "name_title", pattern: "[一-鿿]{1,2}(先生|女士|小姐)", replacement: "[姓名]\\1" },
];

/** Text that may hold personal data at all: a digit (either width), an at sign, or a title after a name. */
export const MASK_PRECHECK = "[0-9０-９@＠]|先生|女士|小姐";

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** SQL masking an expression with every rule. Rules run twice for adjacent matches sharing a separator. */
export function maskSql(expr: string): string {
  let sql = expr;
  for (const rule of MASK_RULES) {
    const once = `regexp_replace(${sql}, ${sqlString(rule.pattern)}, ${sqlString(rule.replacement)}, 'g')`;
    sql = rule.pattern.startsWith("(^|") ? `regexp_replace(${once}, ${sqlString(rule.pattern)}, ${sqlString(rule.replacement)}, 'g')` : once;
  }
  // A narrative with no digit, no at sign and no title cannot hold what the rules mask: skip the chain.
  return `case when regexp_matches(${expr}, ${sqlString(MASK_PRECHECK)}) then ${sql} else ${expr} end`;
}
