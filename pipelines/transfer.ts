// Transfers from outside the bank share one form: 转办单号 (the transferring body's form number), the body's
// own receipt date, the date it forwarded the complaint, and the bank's receipt time. Regulator transfers
// (12378 hotline, NFRA letters) and government transfers (12345) are two pipelines on this layout.
import { BUSINESS_CATEGORIES, CAUSES, type IntakeChannel } from "../src/codes.ts";
import { definePipeline, type PipelineSpec } from "../src/ingest/pipeline.ts";
import { ZH_HANDLING_FIELDS, zhLabelsToCodes } from "./value-maps.ts";

const LOCAL = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"];
const DAY = ["%Y-%m-%d", "%Y/%m/%d"];

export const TRANSFER_HEADER = [
  "转办单号",
  "转办来源",
  "来源受理日期",
  "转送日期",
  "本行受理时间",
  "客户号",
  "承办机构代码",
  "业务类别",
  "投诉原因",
  "投诉内容",
  "处理状态",
  "答复时间",
  "办结时间",
  "延期级别",
  "暂停天数",
  "是否有责",
  "处理结果",
  "补偿金额",
  "回访结果",
  "更新时间",
] as const;

export function transferPipeline(options: {
  name: string;
  description: string;
  channel: IntakeChannel;
  clockProfiles: readonly string[];
  cron: string;
}): PipelineSpec {
  return definePipeline({
    name: options.name,
    description: options.description,
    sourceSystem: options.name,
    channels: [options.channel],
    fixedChannel: options.channel,
    filePattern: new RegExp(`^${options.name}_.*\\.csv$`, "i"),
    format: { kind: "csv", encoding: "utf-8", delimiter: ",", quote: '"', header: TRANSFER_HEADER },
    fields: {
      source_id: { from: "转办单号" },
      regulator_received_at: { from: "来源受理日期", formats: DAY },
      forwarded_at: { from: "转送日期", formats: DAY },
      received_at: { from: "本行受理时间", formats: LOCAL },
      customer_id: { from: "客户号" },
      org_code: { from: "承办机构代码" },
      business_category: { from: "业务类别", values: zhLabelsToCodes(BUSINESS_CATEGORIES) },
      cause_code: { from: "投诉原因", values: zhLabelsToCodes(CAUSES) },
      narrative: { from: "投诉内容" },
      responded_at: { from: "答复时间", formats: LOCAL },
      closed_at: { from: "办结时间", formats: LOCAL },
      ...ZH_HANDLING_FIELDS,
      updated_at: { from: "更新时间", formats: LOCAL },
    },
    constants: { is_complaint: true },
    clockProfiles: options.clockProfiles,
    cron: options.cron,
  });
}
