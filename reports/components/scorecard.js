// Branch scorecard measures and ranking: which way is worse for each measure, and each branch's rank
// (1 = most in need of attention) and position against the median of its peers (same level, same quarter).
import { fmtPct, median, rankRows } from "./format.js";

const fmtRate2 = (v) => (v == null ? "—" : v.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

export const MEASURES = [
  { key: "per_10k_customers", zh: "每万客户投诉量（件）", en: "Complaints per 10,000 customers", format: fmtRate2, higherIsWorse: true },
  { key: "breach_rate", zh: "超时率", en: "SLA breach rate", format: fmtPct, higherIsWorse: true },
  { key: "on_time_rate", zh: "按时办结率", en: "On-time rate", format: fmtPct, higherIsWorse: false },
  { key: "repeat_after_close_rate", zh: "二次投诉率", en: "Repeat-after-close rate", format: fmtPct, higherIsWorse: true },
  { key: "satisfaction_rate", zh: "回访满意率", en: "Satisfaction rate", format: fmtPct, higherIsWorse: false },
];

export function measure(key) {
  const found = MEASURES.find((m) => m.key === key);
  if (!found) throw new Error(`unknown scorecard measure ${key}`);
  return found;
}

/**
 * Peers ranked on one measure: rank 1 is the worst (highest where higher is worse, lowest otherwise),
 * ties share a rank; with the peers' median and each row's side of it ("worse" / "better" / "median").
 */
export function rankOn(rows, key) {
  const m = measure(key);
  const mid = median(rows.map((r) => r[key]));
  const ranked = rankRows(rows, key, { ascending: !m.higherIsWorse }).map((r) => ({
    ...r,
    value: r[key],
    side: r[key] == null || mid == null ? null : r[key] === mid ? "median" : r[key] > mid === m.higherIsWorse ? "worse" : "better",
  }));
  return { median: mid, rows: ranked };
}
