// The quarterly report's tables as one Excel workbook, one sheet per table, read from the published
// snapshot (the same files the site's quarterly page is built from, so the two cannot disagree). Cells
// hold numbers, not formatted text, so a regulator's analyst can sum and chart them; percentages are
// fractions with a percent number format, as Excel expects.
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { CHANNEL_GROUP, type IntakeChannel } from "../codes.ts";
import { quarterData } from "../site/data.ts";
import { snapshotAt } from "../site/snapshot.ts";

type Row = Record<string, unknown>;
type Labels = Record<string, Record<string, { zh: string; en: string }>>;

/** How a column's numbers are shown: the workbook keeps the value, Excel applies the format. */
export type Kind = "text" | "int" | "share" | "change" | "days" | "cny" | "rate2";

export const NUMBER_FORMATS: Record<Exclude<Kind, "text">, string> = {
  int: "#,##0",
  share: "0.0%",
  change: "+0.0%;-0.0%;0.0%",
  days: "0.0",
  cny: "#,##0",
  rate2: "0.00",
};

export interface Column {
  header: string;
  kind: Kind | ((row: Row) => Kind);
  value: (row: Row) => string | number | null;
}

export interface ReportTable {
  sheet: string;
  caption: string;
  columns: Column[];
  rows: Row[];
}

/** One quarter of the published snapshot, as the quarterly page's data loader selects it (src/site/data.ts). */
export type QuarterSnapshot = Omit<ReturnType<typeof quarterData>, "labels" | "meta"> & {
  meta: { bank_name: { zh: string; en: string }; as_of: string; clock_profile: string; quarters: string[]; ingest: Record<string, number> };
  labels: Labels;
};

/** One quarter of the published snapshot: the very rows the quarterly page reads, so the two cannot disagree. */
export function readQuarterSnapshot(publishDir: string, quarter: string): QuarterSnapshot {
  if (!existsSync(join(publishDir, "meta.json"))) throw new Error(`snapshot file ${join(publishDir, "meta.json")} is missing: run \`kesu build\` first`);
  const meta = JSON.parse(readFileSync(join(publishDir, "meta.json"), "utf8")) as { quarters: string[] };
  if (!meta.quarters.includes(quarter)) throw new Error(`quarter ${quarter} is not in the snapshot in ${publishDir} (it has ${meta.quarters.join(", ")})`);
  return quarterData(snapshotAt(publishDir), quarter) as QuarterSnapshot;
}

function label(labels: Labels, list: string, code: unknown): string {
  if (code === "unclassified") return "未分类";
  if (code === "all") return "合计";
  return labels[list]?.[String(code)]?.zh ?? String(code);
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The quarterly bulletin's tables, numbered and headed as on the page (reports/quarterly/[quarter].md):
 * 表1–表12. Every number is a mart column; this lays the rows out, as the page does.
 */
export function quarterlyTables(s: QuarterSnapshot): ReportTable[] {
  const { quarter, labels, kpi, recurrence } = s;
  const by = (dimension: string) => s.by.filter((r) => r.dimension === dimension);
  const sla = (dimension: string) => s.sla.filter((r) => r.dimension === dimension);
  const countColumns = (title: string, list: string): Column[] => [
    { header: title, kind: "text", value: (r) => label(labels, list, r.code) },
    { header: "投诉量（件）", kind: "int", value: (r) => num(r.received) },
    { header: "占比", kind: "share", value: (r) => num(r.share) },
    { header: "上季度（件）", kind: "int", value: (r) => num(r.received_prev_quarter) },
    { header: "环比", kind: "change", value: (r) => num(r.qoq_pct) },
    { header: "上年同期（件）", kind: "int", value: (r) => num(r.received_prev_year) },
    { header: "同比", kind: "change", value: (r) => num(r.yoy_pct) },
  ];
  const measureRows = (rows: { item: string; value: unknown; kind: Kind }[]) => ({
    columns: [
      { header: "指标", kind: "text", value: (r: Row) => r.item as string },
      { header: quarter, kind: (r: Row) => r.kind as Kind, value: (r: Row) => num(r.value) },
    ] satisfies Column[],
    rows,
  });
  const tables: ReportTable[] = [];

  tables.push({
    sheet: "表1 投诉总量",
    caption: "表1 投诉总量",
    columns: [
      { header: "指标", kind: "text", value: (r) => r.item as string },
      { header: quarter, kind: (r) => (r.kind as Kind | undefined) ?? "int", value: (r) => num(r.value) },
      { header: "上季度", kind: "int", value: (r) => num(r.prev) },
      { header: "上年同期", kind: "int", value: (r) => num(r.prevYear) },
      { header: "环比", kind: "change", value: (r) => num(r.qoq) },
      { header: "同比", kind: "change", value: (r) => num(r.yoy) },
    ],
    rows: [
      { item: "受理投诉（件）", value: kpi.received, prev: kpi.received_prev_quarter, prevYear: kpi.received_prev_year, qoq: kpi.qoq_pct, yoy: kpi.yoy_pct },
      {
        item: "合并重复后（件）",
        value: recurrence?.received_merged,
        prev: recurrence?.received_merged_prev_quarter,
        prevYear: recurrence?.received_merged_prev_year,
        qoq: recurrence?.merged_qoq_pct,
        yoy: recurrence?.merged_yoy_pct,
      },
      // The bank's intensity, once mart_kpi_quarterly carries it (as on the page).
      ...(num(kpi.per_10k_customers) != null
        ? [{ item: "每万客户投诉量（件）", value: kpi.per_10k_customers, kind: "rate2", qoq: kpi.intensity_qoq_pct, yoy: kpi.intensity_yoy_pct }]
        : []),
      { item: "咨询、建议等非投诉（件，不计入）", value: kpi.non_complaints },
    ],
  });
  tables.push({ sheet: "表2 按业务类别", caption: "表2 按业务类别", columns: countColumns("业务类别", "business_category"), rows: by("business_category") });
  tables.push({ sheet: "表3 按投诉原因", caption: "表3 按投诉原因", columns: countColumns("投诉原因", "cause_code"), rows: by("cause_code") });

  // Tier-1 branches (mart_org_scorecard_quarterly), the medians over them (its median_* columns) as a last row
  const shareOf = new Map(by("tier1_org").map((r) => [r.code, r.share]));
  const tier1Rows: Row[] = s.branches
    .slice()
    .sort((a, b) => (b.received as number) - (a.received as number) || String(a.org_code).localeCompare(String(b.org_code)))
    .map((r) => ({ ...r, code: r.org_code, share: shareOf.get(r.org_code) ?? null }));
  const medians = s.branches[0] ?? {};
  const tier1Median: Row = {
    code: null,
    region: null,
    received: medians.median_received,
    qoq_pct: medians.median_qoq_pct,
    yoy_pct: medians.median_yoy_pct,
    per_10k_customers: medians.median_per_10k_customers,
    breach_rate: medians.median_breach_rate,
  };
  tables.push({
    sheet: "表4 按一级分行",
    caption: "表4 按一级分行（末行为中位数）",
    columns: [
      { header: "一级分行", kind: "text", value: (r) => (r.code == null ? "中位数" : label(labels, "org", r.code)) },
      { header: "地区", kind: "text", value: (r) => (r.region as string | null) ?? null },
      ...countColumns("", "org").slice(1),
      { header: "每万客户投诉量（件）", kind: "rate2", value: (r) => num(r.per_10k_customers) },
      { header: "超时率", kind: "share", value: (r) => num(r.breach_rate) },
    ],
    rows: [...tier1Rows, tier1Median],
  });
  tables.push({
    sheet: "表5 按地区",
    caption: "表5 按地区",
    columns: [
      { header: "地区", kind: "text", value: (r) => r.region as string },
      { header: "一级分行（个）", kind: "int", value: (r) => num(r.branches) },
      { header: "投诉量（件）", kind: "int", value: (r) => num(r.received) },
      { header: "占比", kind: "share", value: (r) => num(r.share) },
      { header: "每万客户投诉量（件）", kind: "rate2", value: (r) => num(r.per_10k_customers) },
      { header: "超时率", kind: "share", value: (r) => num(r.breach_rate) },
    ],
    rows: s.regions,
  });

  // On-site, then off-site as a subtotal over its groups (CBIRC Order 2020 No.3's split), as on the page.
  const GROUPS = ["on_site", "electronic", "letter_visit", "transfer"];
  const groups = by("intake_group").sort((a, b) => GROUPS.indexOf(String(a.code)) - GROUPS.indexOf(String(b.code)));
  // the off-site subtotal is mart_received_quarterly_by's intake_side slice
  const offSiteTotal = by("intake_side")
    .filter((r) => r.code === "off_site")
    .map((r): Row => ({ ...r, side: "非现场", code: null }));
  const side = (group: unknown) => (group === "on_site" ? "现场" : "非现场");
  tables.push({
    sheet: "表6 现场与非现场渠道",
    caption: "表6 现场与非现场渠道",
    columns: [
      { header: "现场 / 非现场", kind: "text", value: (r) => r.side as string },
      { header: "渠道类别", kind: "text", value: (r) => (r.code == null ? "非现场合计" : label(labels, "intake_group", r.code)) },
      ...countColumns("", "intake_group").slice(1),
    ],
    rows: [...groups.filter((r) => r.code === "on_site"), ...offSiteTotal, ...groups.filter((r) => r.code !== "on_site")].map((r) => ({
      ...r,
      side: r.side ?? side(r.code),
    })),
  });
  tables.push({
    sheet: "表7 按受理渠道",
    caption: "表7 按受理渠道",
    columns: [
      { header: "渠道类别", kind: "text", value: (r) => `${side(r.intake_group)}·${label(labels, "intake_group", r.intake_group)}` },
      ...countColumns("受理渠道", "intake_channel"),
    ],
    rows: by("intake_channel")
      .map((r): Row => ({ ...r, intake_group: CHANNEL_GROUP[r.code as IntakeChannel] ?? null }))
      .sort((a, b) => GROUPS.indexOf(String(a.intake_group)) - GROUPS.indexOf(String(b.intake_group)) || (b.received as number) - (a.received as number)),
  });

  const SLA_DIMENSION: Record<string, string> = { total: "全行", business_category: "业务类别", intake_channel: "受理渠道", tier1_org: "一级分行" };
  tables.push({
    sheet: "表8 办理时效",
    caption: `表8 办理时效（${s.meta.clock_profile}：受理之日起 15 日内答复，可延长至 30 日、60 日）`,
    columns: [
      { header: "维度", kind: "text", value: (r) => SLA_DIMENSION[String(r.dimension)] ?? String(r.dimension) },
      {
        header: "范围",
        kind: "text",
        value: (r) => (r.dimension === "total" ? "全行" : label(labels, r.dimension === "tier1_org" ? "org" : String(r.dimension), r.code)),
      },
      { header: "纳入考核（件）", kind: "int", value: (r) => num(r.judged) },
      { header: "已答复（件）", kind: "int", value: (r) => num(r.responded) },
      { header: "按时办结率", kind: "share", value: (r) => num(r.on_time_rate) },
      { header: "超时（件）", kind: "int", value: (r) => num(r.breached) },
      { header: "超时率", kind: "share", value: (r) => num(r.breach_rate) },
      { header: "答复用时中位数（天）", kind: "days", value: (r) => num(r.p50_days_to_respond) },
      { header: "答复用时 P90（天）", kind: "days", value: (r) => num(r.p90_days_to_respond) },
    ],
    rows: [...sla("total"), ...sla("business_category"), ...sla("intake_channel"), ...sla("tier1_org")],
  });
  const BANDS: Record<string, string> = {
    within_3_business_days: "3 个工作日内答复",
    within_8_weeks: "8 周内答复",
    over_8_weeks: "超过 8 周答复",
    open: "尚未答复",
  };
  tables.push({
    sheet: "表9 答复用时分段",
    caption: "表9 答复用时分段",
    columns: [
      { header: "答复用时", kind: "text", value: (r) => BANDS[String(r.band)] ?? String(r.band) },
      { header: "投诉量（件）", kind: "int", value: (r) => num(r.complaints) },
      { header: "占比", kind: "share", value: (r) => num(r.share) },
    ],
    rows: s.bands.slice().sort((a, b) => (a.band_order as number) - (b.band_order as number)),
  });
  tables.push({
    sheet: "表10 季末未办结投诉账龄",
    caption: "表10 季末未办结投诉账龄",
    columns: [
      { header: "受理后天数（自然日）", kind: "text", value: (r) => r.aging_bucket as string },
      { header: "季末未办结（件）", kind: "int", value: (r) => num(r.open_complaints) },
      { header: "其中已超时", kind: "int", value: (r) => num(r.breached) },
      { header: "其中临期", kind: "int", value: (r) => num(r.at_risk) },
    ],
    rows: s.aging.slice().sort((a, b) => (a.bucket_order as number) - (b.bucket_order as number)),
  });
  tables.push({
    sheet: "表11 处理结果",
    caption: "表11 处理结果",
    ...measureRows([
      { item: "有责投诉占比", value: kpi.at_fault_rate, kind: "share" },
      { item: "投诉诉求支持率（支持 + 部分支持）", value: kpi.upheld_rate, kind: "share" },
      { item: "回访满意率（满意 / 回访接通）", value: kpi.satisfaction_rate, kind: "share" },
      { item: "补偿金额合计（元）", value: kpi.redress_total_cny, kind: "cny" },
    ]),
  });
  tables.push({
    sheet: "表12 重复与升级投诉",
    caption: "表12 重复与升级投诉",
    ...measureRows([
      { item: "同一客户同类业务在前一投诉了结前重复投诉（件）", value: recurrence?.duplicates_while_open, kind: "int" },
      { item: "二次投诉（办结后 90 日内再次投诉，件）", value: recurrence?.repeats_after_close, kind: "int" },
      { item: "二次投诉率", value: recurrence?.repeat_after_close_rate, kind: "share" },
      { item: "重复投诉客户占比", value: recurrence?.repeat_customer_rate, kind: "share" },
      { item: "重开率", value: recurrence?.reopen_rate, kind: "share" },
      { item: "升级投诉（件）", value: recurrence?.escalated, kind: "int" },
      {
        item: `升级投诉率（90 日内转经监管、政府或媒体）${recurrence?.escalation_provisional ? "（窗口未满，暂定）" : ""}`,
        value: recurrence?.escalation_rate,
        kind: "share",
      },
    ]),
  });
  return tables;
}

/** Display width of a cell: CJK characters take two columns. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return n;
}

export function buildWorkbook(s: QuarterSnapshot): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "kesu";
  workbook.title = `${s.meta.bank_name.zh} ${s.quarter} 季度投诉情况报告`;
  workbook.subject = `数据截至 ${s.meta.as_of}`;
  // Fixed, so the same snapshot gives the same workbook contents.
  workbook.created = workbook.modified = new Date(`${s.meta.as_of}T00:00:00Z`);
  const tables = quarterlyTables(s);
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(table.columns.map((c) => c.value(row)));
      table.columns.forEach((c, i) => {
        const kind = typeof c.kind === "function" ? c.kind(row) : c.kind;
        if (kind !== "text") added.getCell(i + 1).numFmt = NUMBER_FORMATS[kind];
      });
    }
    table.columns.forEach((c, i) => {
      const cells = [c.header, ...table.rows.map((r) => String(c.value(r) ?? ""))];
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, ...cells.map(width)) + 2);
    });
  }
  const notes = workbook.addWorksheet("说明");
  const ingest = s.meta.ingest;
  for (const line of [
    ["报告", `${s.meta.bank_name.zh}（${s.meta.bank_name.en}）${s.quarter} 季度投诉情况报告`],
    ["统计期间", `${s.quarter}（按受理日期，北京时间）`],
    ["数据截至", s.meta.as_of],
    ["办理时效口径", s.meta.clock_profile],
    ["数据质量", `接收文件 ${ingest.files} 个，记录 ${ingest.rows_in} 行，入库 ${ingest.rows_loaded} 行，拒收 ${ingest.rows_rejected} 行`],
    ["说明", "各表数值为数字；占比、环比、同比为小数，以百分比格式显示。表名与网页版季度报告一致。"],
    ...tables.map((t, i) => [i === 0 ? "各表" : "", `${t.caption}（工作表“${t.sheet}”）`]),
  ]) {
    notes.addRow(line).getCell(1).font = { bold: true };
  }
  notes.getColumn(1).width = 14;
  notes.getColumn(2).width = 90;
  return workbook;
}

export async function writeQuarterlyXlsx(options: { publishDir: string; quarter: string; file: string }): Promise<{ file: string; sheets: number }> {
  const workbook = buildWorkbook(readQuarterSnapshot(options.publishDir, options.quarter));
  const file = resolve(options.file);
  await mkdir(dirname(file), { recursive: true });
  await workbook.xlsx.writeFile(file);
  return { file, sheets: workbook.worksheets.length };
}
