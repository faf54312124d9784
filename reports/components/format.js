// Number formats and labels shared by every page: zh-CN thousands separators, percentages with one
// decimal, signed changes, and code → label lookups that never show a raw code when a label exists.

const integer = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function fmtInt(value) {
  return value == null || Number.isNaN(value) ? "—" : integer.format(value);
}

export function fmtPct(value) {
  return value == null || Number.isNaN(value) ? "—" : `${decimal.format(value * 100)}%`;
}

/** A change as a signed percentage: +12.3% / −4.0%. */
export function fmtChange(value) {
  if (value == null || Number.isNaN(value)) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${decimal.format(Math.abs(value) * 100)}%`;
}

/** A change in percentage points, for rates: +1.2 pp. */
export function fmtPoints(value) {
  if (value == null || Number.isNaN(value)) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${decimal.format(Math.abs(value) * 100)} 个百分点`;
}

export function fmtDays(value) {
  return value == null ? "—" : `${decimal.format(value)} 天`;
}

/** The label of a code in a code list; `unclassified` and unknown codes fall back readably. */
export function label(labels, list, code, lang = "zh") {
  if (code === "unclassified") return lang === "zh" ? "未分类" : "Unclassified";
  if (code === "all") return lang === "zh" ? "合计" : "Total";
  return labels?.[list]?.[code]?.[lang] ?? code;
}

/** The median of the numbers among values (nulls skipped); null when there are none. */
export function median(values) {
  const xs = values
    .filter((v) => v != null && !Number.isNaN(v))
    .map(Number)
    .sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Competition ranks ("1, 2, 2, 4") of rows by a numeric key, highest first unless ascending; rows without
 * a value get no rank and sort last. Returns new rows with `rank`, in rank order.
 */
export function rankRows(rows, key, { ascending = false } = /** @type {any} */ ({})) {
  const valued = rows.filter((r) => r[key] != null && !Number.isNaN(r[key]));
  const sorted = valued.slice().sort((a, b) => (ascending ? a[key] - b[key] : b[key] - a[key]));
  const ranked = sorted.map((r) => ({ ...r, rank: 1 + sorted.findIndex((s) => s[key] === r[key]) }));
  return [...ranked, ...rows.filter((r) => !valued.includes(r)).map((r) => ({ ...r, rank: null }))];
}

/** Position of a value against the median: "above", "below" or "at" (null without both). */
export function versusMedian(value, mid) {
  if (value == null || mid == null) return null;
  return value > mid ? "above" : value < mid ? "below" : "at";
}

/** "2025-Q3" → "2025-07", the quarter's first month (to place quarterly points on a monthly time axis). */
export function quarterMonth(quarter) {
  const [year, q] = String(quarter).split("-Q");
  return `${year}-${String(Number(q) * 3 - 2).padStart(2, "0")}`;
}
