// One writer per source system: how a complaint's state looks in that system's export (the formats of
// pipelines/README.md). A writer turns a row into named cells; the file writer serialises them, and
// `defects` lets the generator break exactly one cell of a planted bad row.
import iconv from "iconv-lite";
import { BUSINESS_CATEGORIES, CAUSES, OUTCOMES, SATISFACTION, SEVERITIES, STATUSES, type IntakeChannel, type Status } from "../codes.ts";
import type { SimComplaint, SourcePipeline, StateAt } from "./lifecycle.ts";
import { formatIsoOffset, formatLocal, formatSlash, type LocalSeconds } from "./time.ts";

export type Cells = Record<string, string | number | boolean | null>;

export interface ExportRow {
  c: SimComplaint;
  state: StateAt;
}

/**
 * A defect planted in one cell: the column and the broken value written instead. `rejects`: the row can
 * no longer be a complaint (no id, no readable receipt date, a broken record) and kesu must reject it;
 * any other defect the row survives, loaded with the value recorded (as unmapped, or left empty).
 */
export interface Defect {
  kind: string;
  column: string;
  value: string | number | null;
  rejects?: boolean;
}

export interface SourceWriter {
  pipeline: SourcePipeline;
  extension: "csv" | "jsonl";
  header: readonly string[];
  cells(row: ExportRow): Cells;
  /** The defects this source can carry, given the row (some need a response time). */
  defects(row: ExportRow, cells: Cells): Defect[];
  /** Serialises a file; `malformed` lines (JSON only) are written broken. */
  serialise(rows: Cells[], malformed: ReadonlySet<number>): Buffer;
}

const opt = (t: LocalSeconds | null, format: (t: LocalSeconds) => string) => (t === null ? "" : format(t));

function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(header: readonly string[], rows: Cells[], newline: string): string {
  const lines = [header.join(","), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(","))];
  return lines.join(newline) + newline;
}

const KIND_ZH = ["意见", "建议", "咨询"] as const;

/** The handling columns the Chinese systems share: status words, extension, pause and the decision. */
function zhHandlingCells(c: SimComplaint, state: StateAt): Cells {
  return {
    处理状态: STATUSES[state.status].zh,
    延期级别: handlingShown(state) ? c.extension : 0,
    暂停天数: handlingShown(state) ? c.paused : 0,
    是否有责: state.decided && c.atFault !== null ? (c.atFault ? "是" : "否") : "",
    处理结果: state.decided && c.outcome ? OUTCOMES[c.outcome].zh : "",
    补偿金额: state.decided && c.redress !== null ? c.redress.toFixed(2) : "",
    回访结果: SATISFACTION[state.decided ? c.satisfaction : "not_surveyed"].zh,
  };
}
/** A stable 0..n-1 pick from a complaint's id (its last digits), for values that vary by complaint. */
const byId = (c: SimComplaint, n: number) => Number(c.sourceId.slice(-3).replace(/\D/g, "") || "0") % n;
/** Extension and pause are decided during handling: an export shows them once the complaint is decided. */
const handlingShown = (state: StateAt) => state.responded !== null || state.decided;

export const BRANCH_COUNTER: SourceWriter = {
  pipeline: "branch_counter",
  extension: "csv",
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
  cells({ c, state }) {
    return {
      投诉编号: c.sourceId,
      受理网点: c.org.org_name_zh,
      受理时间: formatSlash(c.received),
      客户号: c.customerId,
      业务类别: BUSINESS_CATEGORIES[c.business].zh,
      投诉原因: c.cause ? CAUSES[c.cause].zh : "",
      投诉内容: c.narrative,
      登记类型: c.isComplaint ? "投诉" : KIND_ZH[byId(c, 3)],
      紧急程度: SEVERITIES[c.severity].zh,
      ...zhHandlingCells(c, state),
      答复时间: opt(state.responded, formatSlash),
      办结时间: opt(state.closed, formatSlash),
      更新时间: formatSlash(state.updated),
    };
  },
  defects({ c, state }) {
    const list: Defect[] = [
      { kind: "unparseable_date", column: "受理时间", value: "2025/13/45 10:00", rejects: true },
      { kind: "unknown_branch", column: "受理网点", value: `${c.org.province}分行不存在支行` },
      { kind: "empty_complaint_id", column: "投诉编号", value: "", rejects: true },
      { kind: "negative_paused_days", column: "暂停天数", value: -3 },
    ];
    if (state.responded !== null) list.push({ kind: "responded_before_received", column: "答复时间", value: formatSlash(c.received - 2 * 86_400) });
    return list;
  },
  serialise: (rows) => iconv.encode(csv(BRANCH_COUNTER.header, rows, "\r\n"), "gb18030"),
};

const HOTLINE_PRODUCT: Record<string, string> = {
  debit_card: "DC",
  credit_card: "CC",
  personal_loan: "LOAN",
  payment_settlement: "PAY",
  debt_collection: "COLL",
  foreign_exchange: "FX",
  rmb_savings: "SAV",
  agency: "AGY",
  wealth_management: "WM",
  precious_metals: "PM",
  personal_info: "PINFO",
  rmb_management: "RMB",
  other: "OTH",
};
const HOTLINE_STATUS: Record<Status, string> = {
  received: "NEW",
  in_progress: "ASSIGNED",
  responded: "REPLIED",
  closed: "CLOSED",
  withdrawn: "CANCELLED",
  reopened: "REOPENED",
};
const HOTLINE_SURVEY = { satisfied: "1", neutral: "2", unsatisfied: "3", unreachable: "9", not_surveyed: "" } as const;
const PRIORITY = { normal: "P3", major: "P2", urgent: "P1" } as const;

function statusHistory(c: SimComplaint, state: StateAt): string {
  const events: [string, LocalSeconds | null][] = [
    ["NEW", c.received],
    ["ASSIGNED", state.acknowledged],
    ["REPLIED", state.responded],
    ["CLOSED", c.closed !== null && c.closed <= state.updated ? c.closed : null],
    ["REOPENED", c.reopened !== null && c.reopened <= state.updated ? c.reopened : null],
    ["CLOSED", c.reclosed !== null && c.reclosed <= state.updated ? c.reclosed : null],
    ["CANCELLED", state.status === "withdrawn" ? state.updated : null],
  ];
  return events
    .filter(([, t]) => t !== null)
    .map(([s, t]) => `${s}@${formatIsoOffset(t as number)}`)
    .join(";");
}

export const HOTLINE: SourceWriter = {
  pipeline: "hotline",
  extension: "csv",
  header: [
    "ticket_id",
    "created_at",
    "customer_no",
    "org_code",
    "product",
    "category",
    "description",
    "ticket_type",
    "priority",
    "status",
    "status_history",
    "acknowledged_at",
    "responded_at",
    "closed_at",
    "extension_level",
    "paused_days",
    "at_fault",
    "outcome",
    "redress_amount",
    "satisfaction",
    "updated_at",
  ],
  cells({ c, state }) {
    return {
      ticket_id: c.sourceId,
      created_at: formatIsoOffset(c.received),
      customer_no: c.customerId,
      org_code: c.org.org_code,
      product: HOTLINE_PRODUCT[c.business],
      category: c.cause ?? "",
      description: c.narrative,
      ticket_type: c.isComplaint ? "COMPLAINT" : byId(c, 2) === 0 ? "SUGGESTION" : "ENQUIRY",
      priority: PRIORITY[c.severity],
      status: HOTLINE_STATUS[state.status],
      status_history: statusHistory(c, state),
      acknowledged_at: opt(state.acknowledged, formatIsoOffset),
      responded_at: opt(state.responded, formatIsoOffset),
      closed_at: opt(state.closed, formatIsoOffset),
      extension_level: handlingShown(state) ? c.extension : 0,
      paused_days: handlingShown(state) ? c.paused : 0,
      at_fault: state.decided && c.atFault !== null ? (c.atFault ? "Y" : "N") : "",
      outcome: state.decided && c.outcome ? c.outcome.toUpperCase() : "",
      redress_amount: state.decided && c.redress !== null ? c.redress.toFixed(2) : "",
      satisfaction: state.decided ? HOTLINE_SURVEY[c.satisfaction] : "",
      updated_at: formatIsoOffset(state.updated),
    };
  },
  defects({ c, state }) {
    const list: Defect[] = [
      { kind: "unparseable_date", column: "created_at", value: "yesterday", rejects: true },
      { kind: "unknown_product", column: "product", value: "XYZ" },
      { kind: "empty_complaint_id", column: "ticket_id", value: "", rejects: true },
      { kind: "negative_paused_days", column: "paused_days", value: -2 },
    ];
    if (state.responded !== null) list.push({ kind: "responded_before_received", column: "responded_at", value: formatIsoOffset(c.received - 86_400) });
    return list;
  },
  serialise: (rows) => Buffer.from(csv(HOTLINE.header, rows, "\n"), "utf8"),
};

const ECHANNEL_WORD: Partial<Record<IntakeChannel, string>> = {
  mobile_app: "MOBILE",
  wechat: "WECHAT",
  online_banking: "NETBANK",
  sms: "SMS",
  website: "WEB",
};
const nullable = (t: LocalSeconds | null) => (t === null ? null : formatLocal(t));

export const ECHANNEL: SourceWriter = {
  pipeline: "echannel",
  extension: "jsonl",
  header: [
    "id",
    "channel",
    "submitted_at",
    "cust_id",
    "org",
    "biz",
    "reason",
    "content",
    "type",
    "level",
    "state",
    "ack_at",
    "reply_at",
    "close_at",
    "ext",
    "paused",
    "fault",
    "result",
    "compensation",
    "survey",
    "ts",
  ],
  cells({ c, state }) {
    return {
      id: c.sourceId,
      channel: ECHANNEL_WORD[c.channel] ?? "WEB",
      submitted_at: formatLocal(c.received),
      cust_id: c.customerId,
      org: c.org.org_code,
      biz: c.business,
      reason: c.cause,
      content: c.narrative,
      type: c.isComplaint ? "complaint" : byId(c, 2) === 0 ? "enquiry" : "suggestion",
      level: c.severity,
      state: state.status,
      ack_at: nullable(state.acknowledged),
      reply_at: nullable(state.responded),
      close_at: nullable(state.closed),
      ext: handlingShown(state) ? c.extension : 0,
      paused: handlingShown(state) ? c.paused : 0,
      fault: state.decided ? c.atFault : null,
      result: state.decided ? c.outcome : null,
      compensation: state.decided ? c.redress : null,
      survey: state.decided ? c.satisfaction : null,
      ts: formatLocal(state.updated),
    };
  },
  defects({ c, state }) {
    const list: Defect[] = [
      { kind: "unparseable_date", column: "submitted_at", value: "2025-02-30 25:61:00", rejects: true },
      { kind: "unknown_channel", column: "channel", value: "FAX" },
      { kind: "empty_complaint_id", column: "id", value: "", rejects: true },
      { kind: "negative_paused_days", column: "paused", value: -1 },
      { kind: "malformed_json", column: "", value: null, rejects: true },
    ];
    if (state.responded !== null) list.push({ kind: "responded_before_received", column: "reply_at", value: formatLocal(c.received - 3600) });
    return list;
  },
  serialise(rows, malformed) {
    const lines = rows.map((r, i) => {
      const json = JSON.stringify(r, ECHANNEL.header as string[]);
      return malformed.has(i) ? json.slice(0, Math.floor(json.length / 2)) : json;
    });
    return Buffer.from(`${lines.join("\n")}\n`, "utf8");
  },
};

/** `2025年3月4日`: how the letters office writes dates. */
function zhDate(t: LocalSeconds): string {
  const [y, m, d] = formatLocal(t).slice(0, 10).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export const LETTER_VISIT: SourceWriter = {
  pipeline: "letter_visit",
  extension: "csv",
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
  cells({ c, state }) {
    return {
      登记编号: c.sourceId,
      来源方式: byId(c, 4) === 0 ? "来访" : "信函",
      收到日期: zhDate(c.received),
      客户号: c.customerId,
      承办机构代码: c.org.org_code,
      业务类别: BUSINESS_CATEGORIES[c.business].zh,
      投诉原因: c.cause ? CAUSES[c.cause].zh : "",
      // Letters are transcribed with their paragraphs: the narrative spans lines inside its quotes.
      来信来访内容: c.narrative.replace("：", "：\n"),
      登记类型: c.isComplaint ? "投诉" : "建议",
      ...zhHandlingCells(c, state),
      答复日期: opt(state.responded, zhDate),
      办结日期: opt(state.closed, zhDate),
      更新时间: formatLocal(state.updated),
    };
  },
  defects({ c, state }) {
    const list: Defect[] = [
      { kind: "unparseable_date", column: "收到日期", value: "2025年2月30日", rejects: true },
      { kind: "unknown_org", column: "承办机构代码", value: "XX99" },
      { kind: "empty_complaint_id", column: "登记编号", value: "", rejects: true },
      { kind: "unknown_business_category", column: "业务类别", value: "保险" },
    ];
    if (state.responded !== null) list.push({ kind: "responded_before_received", column: "答复日期", value: zhDate(c.received - 3 * 86_400) });
    return list;
  },
  // UTF-8 with a BOM, as the letters office's spreadsheet saves it.
  serialise: (rows) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(LETTER_VISIT.header, rows, "\r\n"), "utf8")]),
};

const TRANSFER_HEADER = [
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
];
const isoDay = (t: LocalSeconds) => formatLocal(t).slice(0, 10);

/** Regulator (12378, NFRA letters) and government (12345) transfers share the transfer form's layout. */
function transferWriter(pipeline: "regulator_transfer" | "government_transfer", sources: readonly string[]): SourceWriter {
  const writer: SourceWriter = {
    pipeline,
    extension: "csv",
    header: TRANSFER_HEADER,
    cells({ c, state }) {
      return {
        转办单号: c.transferNo ?? c.sourceId,
        转办来源: sources[byId(c, sources.length)],
        来源受理日期: opt(c.regulatorReceived, isoDay),
        转送日期: opt(c.forwarded, isoDay),
        本行受理时间: formatLocal(c.received),
        客户号: c.customerId,
        承办机构代码: c.org.org_code,
        业务类别: BUSINESS_CATEGORIES[c.business].zh,
        投诉原因: c.cause ? CAUSES[c.cause].zh : "",
        投诉内容: c.narrative,
        ...zhHandlingCells(c, state),
        答复时间: opt(state.responded, formatLocal),
        办结时间: opt(state.closed, formatLocal),
        更新时间: formatLocal(state.updated),
      };
    },
    defects({ c, state }) {
      const list: Defect[] = [
        { kind: "unparseable_date", column: "来源受理日期", value: "2025-00-10" },
        { kind: "unknown_org", column: "承办机构代码", value: "ZZ01" },
        { kind: "empty_complaint_id", column: "转办单号", value: "", rejects: true },
        { kind: "negative_paused_days", column: "暂停天数", value: -5 },
      ];
      if (state.responded !== null) list.push({ kind: "responded_before_received", column: "答复时间", value: formatLocal(c.received - 86_400) });
      return list;
    },
    serialise: (rows) => Buffer.from(csv(TRANSFER_HEADER, rows, "\n"), "utf8"),
  };
  return writer;
}

export const REGULATOR_TRANSFER = transferWriter("regulator_transfer", ["12378热线", "国家金融监督管理总局", "金融监管局派出机构"]);
export const GOVERNMENT_TRANSFER = transferWriter("government_transfer", ["12345政务服务热线", "市人民政府", "信访局"]);

export const WRITERS: Record<SourcePipeline, SourceWriter> = {
  branch_counter: BRANCH_COUNTER,
  hotline: HOTLINE,
  echannel: ECHANNEL,
  letter_visit: LETTER_VISIT,
  regulator_transfer: REGULATOR_TRANSFER,
  government_transfer: GOVERNMENT_TRANSFER,
};
