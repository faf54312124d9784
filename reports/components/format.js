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

/** "2025-Q3" → "2025-07", the quarter's first month (to place quarterly points on a monthly time axis). */
export function quarterMonth(quarter) {
  const [year, q] = String(quarter).split("-Q");
  return `${year}-${String(Number(q) * 3 - 2).padStart(2, "0")}`;
}
