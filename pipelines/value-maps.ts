// Shared pieces of pipeline declarations.
import { OUTCOMES, SATISFACTION, STATUSES, type CodeList } from "../src/codes.ts";
import type { FieldMapping } from "../src/ingest/pipeline.ts";

/** Maps each code's Chinese label to the code: exports from Chinese systems carry the labels. */
export function zhLabelsToCodes(list: CodeList): Record<string, string> {
  return Object.fromEntries(Object.entries(list).map(([code, label]) => [label.zh, code]));
}

/**
 * The handling columns the bank's Chinese systems (branch register, letters office, transfer forms)
 * share, with the same headers and JR/T 0169 labels.
 */
export const ZH_HANDLING_FIELDS = {
  status: { from: "处理状态", values: zhLabelsToCodes(STATUSES) },
  extension_level: { from: "延期级别" },
  paused_days: { from: "暂停天数" },
  is_at_fault: { from: "是否有责", values: { 是: true, 否: false } },
  outcome: { from: "处理结果", values: zhLabelsToCodes(OUTCOMES) },
  redress_amount_cny: { from: "补偿金额" },
  satisfaction: { from: "回访结果", values: zhLabelsToCodes(SATISFACTION) },
} as const satisfies Record<string, FieldMapping>;
