// Branch scorecard measures and ranking: which way is worse for each measure, and each branch's rank
// (1 = most in need of attention) and position against the median of its peers, read from the
// mart_org_peer_ranks_quarterly rows (ranked in SQL; the direction of each measure is ref.scorecard_measures).
import { fmtPct } from "./format.js";

const fmtRate2 = (v) => (v == null ? "—" : v.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

export const MEASURES = [
  // unit/decimals: the CSV's number rule (components/table.js)
  {
    key: "per_10k_customers",
    zh: "每万客户投诉量（件）",
    en: "Complaints per 10,000 customers",
    format: fmtRate2,
    unit: "number",
    decimals: 2,
    higherIsWorse: true,
  },
  { key: "breach_rate", zh: "超时率", en: "SLA breach rate", format: fmtPct, unit: "rate", higherIsWorse: true },
  { key: "on_time_rate", zh: "按时办结率", en: "On-time rate", format: fmtPct, unit: "rate", higherIsWorse: false },
  { key: "repeat_after_close_rate", zh: "二次投诉率", en: "Repeat-after-close rate", format: fmtPct, unit: "rate", higherIsWorse: true },
  { key: "satisfaction_rate", zh: "回访满意率", en: "Satisfaction rate", format: fmtPct, unit: "rate", higherIsWorse: false },
];

export function measure(key) {
  const found = MEASURES.find((m) => m.key === key);
  if (!found) throw new Error(`unknown scorecard measure ${key}`);
  return found;
}

/**
 * One measure's ranking among a peer group, as mart_org_peer_ranks_quarterly computed it: the peers' median
 * and, per branch in rank order (unranked last), its scorecard row with `value`, `rank` and `side`
 * ("worse" / "better" / "median"). peerGroup is "all" or "region:<region>".
 */
export function rankingFrom(ranks, scorecard, { quarter, peerGroup = "all", key }) {
  const mine = ranks.filter((r) => r.quarter === quarter && r.peer_group === peerGroup && r.measure === key);
  const rows = mine.map((r) => ({ ...(scorecard.find((s) => s.quarter === quarter && s.org_code === r.org_code) ?? {}), ...r }));
  return { median: mine[0]?.median ?? null, peers: mine[0]?.peers ?? 0, rows };
}
