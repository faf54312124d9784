// Privacy at the door (DESIGN §4, brief "Privacy"): customer ids become a keyed pseudonym and
// narratives are masked before anything is stored in the canonical table. Both run inside DuckDB so the
// 1M-row ingest stays a single SQL pass (OFFLINE.md: JS round trips are 40–400× slower).
import { createHash } from "node:crypto";

/** Fixed key for `kesu demo` data only; real data must supply KESU_HMAC_KEY or config.hmacKey. */
export const DEMO_HMAC_KEY = "kesu-demo-key-not-for-production";

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

/** The masking rules, in the order applied; each replaces the match with a bracketed token. */
export const MASK_RULES: readonly { name: string; pattern: string; replacement: string }[] = [
  // 18-digit resident ID (GB 11643): 6-digit area, birth date 18xx–20xx, sequence, check digit 0-9/X.
  {
    name: "resident_id",
    pattern: "(^|[^0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9]|$)",
    replacement: "\\1[身份证号]\\2",
  },
  // Bank card / account numbers: 16–19 digits, bare or in groups of four.
  { name: "card_number", pattern: "(^|[^0-9])[0-9]{16,19}([^0-9]|$)", replacement: "\\1[卡号]\\2" },
  { name: "card_number_grouped", pattern: "(^|[^0-9])[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{1,3})?([^0-9]|$)", replacement: "\\1[卡号]\\2" },
  // Mainland mobile numbers, optionally with +86 and separators.
  {
    name: "mobile",
    pattern: "(^|[^0-9])(?:\\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}([^0-9]|$)",
    replacement: "\\1[手机号]\\2",
  },
  { name: "email", pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", replacement: "[邮箱]" },
];

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** SQL masking an expression with every rule. Rules run twice for adjacent matches sharing a separator. */
export function maskSql(expr: string): string {
  let sql = expr;
  for (const rule of MASK_RULES) {
    const once = `regexp_replace(${sql}, ${sqlString(rule.pattern)}, ${sqlString(rule.replacement)}, 'g')`;
    sql = rule.pattern.startsWith("(^|") ? `regexp_replace(${once}, ${sqlString(rule.pattern)}, ${sqlString(rule.replacement)}, 'g')` : once;
  }
  // Most narratives carry no digits run or '@' at all: skip the regex chain for them.
  return `case when regexp_matches(${expr}, '[0-9]{11}|[0-9]{4}[ -][0-9]{4}|@') then ${sql} else ${expr} end`;
}
