// The transparent cause classifier (docs/design.md §5): keyword rules per JR/T 0169 cause, kept in a config file a
// bank can read and amend (cause-rules.json). This module validates the file, turns each keyword into the
// pattern the SQL model matches (int_cause_classification.sql, through ref.cause_rules), and classifies a
// narrative in TypeScript with the same rule, so tests can check the SQL against it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CAUSES, type Cause } from "../codes.ts";

export const DEFAULT_RULES_PATH = fileURLToPath(new URL("./cause-rules.json", import.meta.url));

export interface CauseRule {
  id: string;
  cause_code: Cause;
  /** Lower wins; equal priorities are broken by file order (`order`, the earlier rule wins). */
  priority: number;
  lang: "zh" | "en";
  keywords: string[];
  /** Position in the file, 0-based: the tie-breaker. */
  order: number;
}

export class CauseRulesError extends Error {
  override name = "CauseRulesError";
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`${file}: ${path || "(file)"} = ${JSON.stringify(value)}: ${reason}`);
  }
}

/** Validates parsed rules; throws CauseRulesError naming the file, the JSON path, the value and why. */
export function validateCauseRules(data: unknown, file = "cause-rules.json"): CauseRule[] {
  const fail = (path: string, value: unknown, reason: string): never => {
    throw new CauseRulesError(file, path, value, reason);
  };
  if (typeof data !== "object" || data === null || !Array.isArray((data as { rules?: unknown }).rules)) {
    fail("rules", (data as { rules?: unknown } | null)?.rules, "expected an object with a `rules` array");
  }
  const raw = (data as { rules: unknown[] }).rules;
  if (raw.length === 0) fail("rules", raw, "at least one rule is needed");
  const ids = new Set<string>();
  return raw.map((rule, i) => {
    const at = `rules[${i}]`;
    if (typeof rule !== "object" || rule === null) fail(at, rule, "a rule must be an object");
    const r = rule as Record<string, unknown>;
    if (typeof r.id !== "string" || !r.id.trim()) fail(`${at}.id`, r.id, "a non-empty string is required");
    if (ids.has(r.id as string)) fail(`${at}.id`, r.id, "duplicate rule id");
    ids.add(r.id as string);
    if (typeof r.cause_code !== "string" || !(r.cause_code in CAUSES)) {
      fail(`${at}.cause_code`, r.cause_code, `not a JR/T 0169 cause code; expected one of ${Object.keys(CAUSES).join(", ")}`);
    }
    if (!Number.isInteger(r.priority) || (r.priority as number) < 0) fail(`${at}.priority`, r.priority, "a non-negative integer is required");
    if (r.lang !== "zh" && r.lang !== "en") fail(`${at}.lang`, r.lang, "expected zh or en");
    if (!Array.isArray(r.keywords) || r.keywords.length === 0) fail(`${at}.keywords`, r.keywords, "a non-empty array of keywords is required");
    const keywords = (r.keywords as unknown[]).map((k, j) => {
      if (typeof k !== "string" || !k.trim()) fail(`${at}.keywords[${j}]`, k, "a keyword must be a non-empty string");
      const keyword = (k as string).trim().toLowerCase();
      if (r.lang === "en" && !/^[a-z0-9][a-z0-9 '-]*\*?$/.test(keyword)) {
        fail(`${at}.keywords[${j}]`, k, "an English keyword is letters, digits, spaces, ' and - (a final * makes it a prefix)");
      }
      if (r.lang === "zh" && keyword.includes("*")) fail(`${at}.keywords[${j}]`, k, "a Chinese keyword is matched as written; * is not allowed");
      return keyword;
    });
    return { id: r.id as string, cause_code: r.cause_code as Cause, priority: r.priority as number, lang: r.lang as "zh" | "en", keywords, order: i };
  });
}

export function loadCauseRules(path: string = DEFAULT_RULES_PATH): CauseRule[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CauseRulesError(path, "", null, `cannot read the file: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CauseRulesError(path, "", null, `not valid JSON: ${(error as Error).message}`);
  }
  return validateCauseRules(data, path);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The RE2/JS pattern a keyword stands for, matched against the lower-cased narrative: a Chinese keyword as
 * a plain substring (Chinese has no spaces between words); an English one as a whole word, or as a word
 * prefix when it ends in * ("disclos*" matches disclose, disclosure).
 */
export function keywordPattern(keyword: string, lang: "zh" | "en"): string {
  if (lang === "zh") return escapeRegex(keyword);
  const prefix = keyword.endsWith("*");
  const body = escapeRegex(prefix ? keyword.slice(0, -1) : keyword);
  // \b is ASCII-only in RE2 and JS alike, which is what English words need
  return `\\b${body}${prefix ? "" : "\\b"}`;
}

/** One row of ref.cause_rules per rule × keyword. */
export function causeRuleRows(rules: readonly CauseRule[]) {
  return rules.flatMap((rule) =>
    rule.keywords.map((keyword, keywordOrder) => ({
      rule_id: rule.id,
      rule_order: rule.order,
      priority: rule.priority,
      cause_code: rule.cause_code,
      lang: rule.lang,
      keyword,
      keyword_order: keywordOrder,
      /** What the text must contain for the keyword to match at all: a cheap test before the pattern. */
      literal: keyword.replace(/\*$/, ""),
      pattern: keywordPattern(keyword, rule.lang),
    })),
  );
}

export interface Classification {
  cause_code: Cause;
  rule_id: string;
  keyword: string;
}

/** The reference classifier: the winning rule (lowest priority, then earliest in the file), or null. */
export function classifyNarrative(narrative: string | null | undefined, rules: readonly CauseRule[]): Classification | null {
  if (!narrative) return null;
  const text = narrative.toLowerCase();
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || a.order - b.order);
  for (const rule of ordered) {
    const keyword = rule.keywords.find((k) => new RegExp(keywordPattern(k, rule.lang)).test(text));
    if (keyword) return { cause_code: rule.cause_code, rule_id: rule.id, keyword };
  }
  return null;
}
