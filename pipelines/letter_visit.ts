// 信函/来访/信访: the letters-and-visits office's register, saved from a spreadsheet. Quirks: UTF-8 with a
// BOM, Chinese dates (`2025年3月4日`, date only), free text that spans several lines inside its quotes.
import { BUSINESS_CATEGORIES, CAUSES } from "../src/codes.ts";
import { definePipeline } from "../src/ingest/pipeline.ts";
import { ZH_HANDLING_FIELDS, zhLabelsToCodes } from "./value-maps.ts";

const ZH_DATE = ["%Y年%m月%d日", "%Y-%m-%d"];

export default definePipeline({
  name: "letter_visit",
  description: "信函/来访登记 (letters and visits) — UTF-8 CSV with BOM",
  sourceSystem: "letter_visit",
  channels: ["letter_visit"],
  fixedChannel: "letter_visit",
  filePattern: /^letter_visit_.*\.csv$/i,
  format: {
    kind: "csv",
    encoding: "utf-8",
    delimiter: ",",
    quote: '"',
    header: [
      "登记编号",
      "来源方式",
      "收到日期",
      "客户号",
      "承办机构代码",
      "业务类别",
      "投诉原因",
      "来信来访内容",
      "登记类型",
      "处理状态",
      "答复日期",
      "办结日期",
      "延期级别",
      "暂停天数",
      "是否有责",
      "处理结果",
      "补偿金额",
      "回访结果",
      "更新时间",
    ],
  },
  fields: {
    source_id: { from: "登记编号" },
    received_at: { from: "收到日期", formats: ZH_DATE },
    customer_id: { from: "客户号" },
    org_code: { from: "承办机构代码" },
    business_category: { from: "业务类别", values: zhLabelsToCodes(BUSINESS_CATEGORIES) },
    cause_code: { from: "投诉原因", values: zhLabelsToCodes(CAUSES) },
    narrative: { from: "来信来访内容" },
    is_complaint: { from: "登记类型", values: { 投诉: true, 意见: false, 建议: false, 咨询: false } },
    responded_at: { from: "答复日期", formats: ZH_DATE },
    closed_at: { from: "办结日期", formats: ZH_DATE },
    ...ZH_HANDLING_FIELDS,
    updated_at: { from: "更新时间", formats: ["%Y-%m-%d %H:%M:%S"] },
  },
  clockProfiles: ["cn-nfra-2020", "cn-internal-feedback"],
  cron: "0 3 * * *",
});
