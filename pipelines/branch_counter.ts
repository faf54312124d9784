// 营业网点现场 (incl. 意见簿/意见箱): the branch complaint-registration system's monthly export.
// Quirks: GB18030 with Chinese headers; the unit is a branch *name* (resolved through dim_org); dates
// like `2025/3/4 14:05` without zero padding; code lists are the JR/T 0169 Chinese labels.
import { BUSINESS_CATEGORIES, CAUSES, SEVERITIES } from "../src/codes.ts";
import { definePipeline } from "../src/ingest/pipeline.ts";
import { ZH_HANDLING_FIELDS, zhLabelsToCodes } from "./value-maps.ts";

const BRANCH_TIME = ["%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S"];

export default definePipeline({
  name: "branch_counter",
  description: "营业网点现场投诉登记 (branch counter, comment books) — GB18030 CSV",
  sourceSystem: "branch_counter",
  channels: ["branch_counter"],
  fixedChannel: "branch_counter",
  filePattern: /^branch_counter_.*\.csv$/i,
  format: {
    kind: "csv",
    encoding: "gb18030",
    delimiter: ",",
    quote: '"',
    header: [
      "投诉编号",
      "受理网点",
      "受理时间",
      "客户号",
      "业务类别",
      "投诉原因",
      "投诉内容",
      "登记类型",
      "紧急程度",
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
    ],
  },
  fields: {
    source_id: { from: "投诉编号" },
    org_code: { from: "受理网点", resolveOrgName: true },
    received_at: { from: "受理时间", formats: BRANCH_TIME },
    customer_id: { from: "客户号" },
    business_category: { from: "业务类别", values: zhLabelsToCodes(BUSINESS_CATEGORIES) },
    cause_code: { from: "投诉原因", values: zhLabelsToCodes(CAUSES) },
    narrative: { from: "投诉内容" },
    is_complaint: { from: "登记类型", values: { 投诉: true, 意见: false, 建议: false, 咨询: false } },
    severity: { from: "紧急程度", values: zhLabelsToCodes(SEVERITIES) },
    responded_at: { from: "答复时间", formats: BRANCH_TIME },
    closed_at: { from: "办结时间", formats: BRANCH_TIME },
    ...ZH_HANDLING_FIELDS,
    updated_at: { from: "更新时间", formats: BRANCH_TIME },
  },
  clockProfiles: ["cn-nfra-2020", "cn-internal-investigate", "cn-internal-feedback"],
  // The branch system exports overnight.
  cron: "0 2 * * *",
});
