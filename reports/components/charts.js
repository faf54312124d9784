// Chart components: pure functions from data to an SVG figure (Observable Plot). Each has a title, axis
// labels with units, a source note, zh-CN number formats, and marks that stay distinguishable when printed
// in greyscale (symbols and dashes, not colour alone).
import * as Plot from "@observablehq/plot";
import { fmtInt, fmtPct, label } from "./format.js";

const SOURCE = "数据来源：kesu 投诉数据仓库（按受理日期统计，北京时间）";
const SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star", "wye", "times", "plus", "asterisk", "hexagon", "triangle2"];
const GREYS = ["#1b1b1b", "#4a4a4a", "#767676", "#9b9b9b", "#2f5d8a", "#8a2f2f", "#2f8a4a", "#8a6d2f", "#5d2f8a", "#2f8a86", "#8a2f6d", "#555"];
const DASHES = [null, "6,3", "2,2", "8,3,2,3", "1,3", "10,4", null, "6,3", "2,2", "8,3,2,3", "1,3", "10,4"];

const monthDate = (month) => new Date(`${month}-01T00:00:00Z`);

/** Monthly complaints received by intake channel (one line per channel, marked by symbol and dash). */
export function monthlyByChannel(rows, labels, { width = 900, lang = "zh" } = /** @type {any} */ ({})) {
  const channels = [...new Set(rows.map((r) => r.intake_channel))];
  const totals = new Map(channels.map((c) => [c, rows.filter((r) => r.intake_channel === c).reduce((n, r) => n + r.received, 0)]));
  channels.sort((a, b) => totals.get(b) - totals.get(a));
  const data = rows.map((r) => ({ ...r, date: monthDate(r.month), channel: label(labels, "intake_channel", r.intake_channel, lang) }));
  const domain = channels.map((c) => label(labels, "intake_channel", c, lang));
  const en = lang === "en";
  return Plot.plot({
    title: en ? "Complaints by intake channel and month" : "各受理渠道月度投诉量",
    subtitle: en ? "Unit: complaints" : "单位：件",
    caption: sourceNote(lang),
    width,
    height: 340,
    marginLeft: 60,
    x: { type: "utc", label: en ? "Month received" : "受理月份", tickFormat: "%Y-%m" },
    y: { label: en ? "Complaints" : "投诉量（件）", grid: true, tickFormat: fmtInt },
    color: { domain, range: GREYS, legend: true },
    symbol: { domain, range: SYMBOLS },
    marks: [
      ...domain.map((name, i) =>
        Plot.line(
          data.filter((d) => d.channel === name),
          { x: "date", y: "received", stroke: "channel", strokeDasharray: DASHES[i] ?? null },
        ),
      ),
      Plot.dot(data, { x: "date", y: "received", stroke: "channel", symbol: "channel", r: 2.5 }),
      Plot.tip(data, Plot.pointer({ x: "date", y: "received", title: (d) => `${d.channel} ${d.month}：${fmtInt(d.received)}${en ? "" : " 件"}` })),
      Plot.ruleY([0]),
    ],
  });
}

/** Monthly SLA breach rate (cn-nfra-2020 by default), by month of receipt. */
export function breachTrend(rows, { width = 900, profile = "cn-nfra-2020", lang = "zh" } = /** @type {any} */ ({})) {
  const data = rows.map((r) => ({ ...r, date: monthDate(r.month) }));
  const en = lang === "en";
  return Plot.plot({
    title: en ? "SLA breach rate by month" : "超时率月度趋势",
    subtitle: en ? `By month received; clock: ${profile} (15/30/60 days)` : `按受理月份统计，时限口径：${profile}（15/30/60 日）`,
    caption: sourceNote(lang),
    width,
    height: 260,
    marginLeft: 60,
    x: { type: "utc", label: en ? "Month received" : "受理月份", tickFormat: "%Y-%m" },
    y: { label: en ? "Breach rate (%)" : "超时率（%）", grid: true, tickFormat: (d) => fmtPct(d), zero: true },
    marks: [
      Plot.areaY(data, { x: "date", y: "breach_rate", fill: "#ccc", fillOpacity: 0.6 }),
      Plot.line(data, { x: "date", y: "breach_rate", stroke: "#1b1b1b" }),
      Plot.dot(data, { x: "date", y: "breach_rate", fill: "#1b1b1b", r: 2 }),
      Plot.tip(
        data,
        Plot.pointer({
          x: "date",
          y: "breach_rate",
          title: (d) => `${d.month}：${en ? "breach rate" : "超时率"} ${fmtPct(d.breach_rate)}（${fmtInt(d.breached)}/${fmtInt(d.judged)}）`,
        }),
      ),
    ],
  });
}

/**
 * Horizontal bars of one quarter's counts by a dimension, labelled with count and share; `median`, when
 * given (the mart's, e.g. mart_org_scorecard_quarterly.median_received), is drawn as a dashed rule.
 */
export function shareBars(rows, { title, list, labels, width = 900, median = null, lang = "zh" } = /** @type {any} */ ({})) {
  const en = lang === "en";
  const data = rows.map((r) => ({ ...r, name: label(labels, list, r.code, lang) })).sort((a, b) => b.received - a.received);
  const mid = median;
  return Plot.plot({
    title,
    subtitle: en
      ? mid != null
        ? `Unit: complaints; dashed line: median (${fmtInt(mid)})`
        : "Unit: complaints"
      : mid != null
        ? `单位：件；虚线为中位数（${fmtInt(mid)} 件）`
        : "单位：件",
    caption: sourceNote(lang),
    width,
    height: 40 + 24 * data.length,
    marginLeft: 190,
    marginRight: 110,
    x: { label: en ? "Complaints" : "投诉量（件）", grid: true, tickFormat: fmtInt },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, { x: "received", y: "name", fill: "#6b6b6b" }),
      Plot.text(data, {
        x: "received",
        y: "name",
        text: (d) => `${fmtInt(d.received)}（${fmtPct(d.share)}）`,
        dx: 4,
        textAnchor: "start",
        fill: "currentColor",
      }),
      mid != null ? Plot.ruleX([mid], { stroke: "#000", strokeDasharray: "4,3" }) : null,
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Pareto of causes from mart_cause_pareto's rows of one scope (complaints, rank, cumulative_share): bars by
 * count, and the cumulative share line with the 80% rule.
 */
export function pareto(rows, { labels, width = 900, lang = "zh" } = /** @type {any} */ ({})) {
  const en = lang === "en";
  const data = rows
    .slice()
    .sort((a, b) => a.rank - b.rank)
    .map((r) => ({ ...r, name: label(labels, "cause_code", r.cause_code, lang), received: r.complaints, cumulative: r.cumulative_share }));
  const max = data[0]?.received ?? 1;
  return Plot.plot({
    title: en ? "Pareto of complaint causes" : "投诉原因帕累托图",
    subtitle: en
      ? "Bars: complaints (left axis); line: cumulative share (right axis), dashed at 80%"
      : "柱：投诉量（件，左轴）；折线：累计占比（右轴），虚线为 80%",
    caption: sourceNote(lang),
    width,
    height: 360,
    marginBottom: 120,
    marginLeft: 90,
    x: { label: null, domain: data.map((d) => d.name), tickRotate: -35 },
    marginRight: 60,
    y: { label: en ? "Complaints" : "投诉量（件）" },
    marks: [
      // the cumulative share shares the count scale (100% = the tallest bar), so its axis is drawn on the right
      Plot.axisY(
        [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => t * max),
        { anchor: "right", label: en ? "Cumulative share (%)" : "累计占比（%）", tickFormat: (v) => fmtPct(v / max) },
      ),
      Plot.axisY({ anchor: "left", label: en ? "Complaints" : "投诉量（件）", tickFormat: fmtInt }),
      Plot.gridY(),
      Plot.barY(data, { x: "name", y: "received", fill: "#8c8c8c" }),
      Plot.line(data, { x: "name", y: (d) => d.cumulative * max, stroke: "#000" }),
      Plot.dot(data, { x: "name", y: (d) => d.cumulative * max, fill: "#000", r: 3 }),
      Plot.text(data, { x: "name", y: (d) => d.cumulative * max, text: (d) => fmtPct(d.cumulative), dy: -9, fontSize: 10 }),
      Plot.ruleY([0.8 * max], { stroke: "#000", strokeDasharray: "4,3" }),
      Plot.ruleY([0]),
    ],
  });
}

// Intake groups in bulletin order: on-site first, then the three off-site groups (CBIRC Order 2020 No.3).
const GROUP_ORDER = ["on_site", "electronic", "letter_visit", "transfer"];
const GROUP_FILL = ["#262626", "#6b6b6b", "#a6a6a6", "#d9d9d9"];

/**
 * One quarter's complaints by intake channel, channels grouped on-site vs off-site: bars ordered by group,
 * then by count, filled by group in four greys (outlined, so the lightest still prints). `sides` are the
 * quarter's intake_side rows (mart_received_quarterly_by): the subtitle's on-site and off-site totals.
 */
export function channelBars(rows, { labels, sides = [], width = 900, lang = "zh" } = /** @type {any} */ ({})) {
  const en = lang === "en";
  const groupName = (g) => `${g === "on_site" ? (en ? "On-site" : "现场") : en ? "Off-site" : "非现场"}·${label(labels, "intake_group", g, lang)}`;
  const rank = (g) => (GROUP_ORDER.indexOf(g) + GROUP_ORDER.length + 1) % (GROUP_ORDER.length + 1);
  const data = rows
    .map((r) => ({ ...r, name: label(labels, "intake_channel", r.code, lang), group: groupName(r.intake_group) }))
    .sort((a, b) => rank(a.intake_group) - rank(b.intake_group) || b.received - a.received);
  const side = (code) => sides.find((s) => s.code === code) ?? { received: 0, share: null };
  const [onSite, offSite] = [side("on_site"), side("off_site")];
  const groups = GROUP_ORDER.filter((g) => data.some((d) => d.intake_group === g)).map(groupName);
  return Plot.plot({
    title: en ? "Complaints by intake channel (on-site / off-site)" : "各受理渠道投诉量（现场 / 非现场）",
    subtitle: en
      ? `Unit: complaints; on-site ${fmtInt(onSite.received)} (${fmtPct(onSite.share)}), off-site ${fmtInt(offSite.received)} (${fmtPct(offSite.share)})`
      : `单位：件；现场 ${fmtInt(onSite.received)} 件（${fmtPct(onSite.share)}），非现场 ${fmtInt(offSite.received)} 件（${fmtPct(offSite.share)}）`,
    caption: sourceNote(lang),
    width,
    height: 60 + 24 * data.length,
    marginLeft: 190,
    marginRight: 110,
    x: { label: en ? "Complaints" : "投诉量（件）", grid: true, tickFormat: fmtInt },
    y: { label: null, domain: data.map((d) => d.name) },
    color: { domain: groups, range: GROUP_FILL, legend: true },
    marks: [
      Plot.barX(data, { x: "received", y: "name", fill: "group", stroke: "#262626", strokeWidth: 0.5 }),
      Plot.text(data, {
        x: "received",
        y: "name",
        text: (d) => `${fmtInt(d.received)}（${fmtPct(d.share)}）`,
        dx: 4,
        textAnchor: "start",
        fill: "currentColor",
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Small sparkline of a series (no axes), for KPI tiles. */
export function sparkline(values, { width = 180, height = 36 } = /** @type {any} */ ({})) {
  const data = values.map((v, i) => ({ i, v }));
  return Plot.plot({
    width,
    height,
    margin: 2,
    axis: null,
    x: { domain: [0, Math.max(1, data.length - 1)] },
    marks: [Plot.line(data, { x: "i", y: "v", stroke: "currentColor" }), Plot.dot(data.slice(-1), { x: "i", y: "v", fill: "currentColor", r: 2 })],
  });
}

/** The source note under every chart, in the reader's language. */
export function sourceNote(lang = "zh") {
  return lang === "en" ? "Source: kesu complaint warehouse (by date received, Beijing time)" : SOURCE;
}

/**
 * Horizontal bars of one value per row, largest first, each labelled directly (so no legend or colour is
 * needed in print), with an optional dashed median rule and highlighted rows drawn darker.
 * rows: [{name, value, text?}]; format: how a value is written on its bar and axis; keepOrder keeps the
 * rows' own order (bands, age buckets) instead of ranking them.
 */
export function rankedBars(
  rows,
  {
    title,
    subtitle,
    xLabel,
    format = fmtInt,
    width = 900,
    median: mid = null,
    highlight = [],
    lang = "zh",
    ascending = false,
    keepOrder = false,
  } = /** @type {any} */ ({}),
) {
  const data = rows.filter((r) => r.value != null);
  if (!keepOrder) data.sort((a, b) => (ascending ? a.value - b.value : b.value - a.value));
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height: 50 + 22 * data.length,
    marginLeft: 190,
    marginRight: 120,
    x: { label: xLabel, grid: true, tickFormat: format },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, { x: "value", y: "name", fill: (d) => (highlight.includes(d.name) ? "#262626" : "#8c8c8c") }),
      Plot.text(data, { x: "value", y: "name", text: (d) => d.text ?? format(d.value), dx: 4, textAnchor: "start", fill: "currentColor" }),
      mid != null ? Plot.ruleX([mid], { stroke: "#000", strokeDasharray: "4,3" }) : null,
      mid != null
        ? Plot.text([mid], {
            x: (d) => d,
            frameAnchor: "top",
            dy: -2,
            text: (d) => `${lang === "en" ? "median" : "中位数"} ${format(d)}`,
            textAnchor: "start",
            dx: 3,
            fontSize: 10,
          })
        : null,
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Monthly lines, one per series, told apart by dash and symbol (greyscale-safe) and labelled at their
 * last point. rows: [{month: "2025-08", series, value}].
 */
export function monthlyLines(
  rows,
  { title, subtitle, yLabel, format = fmtInt, width = 900, height = 300, lang = "zh", zero = true } = /** @type {any} */ ({}),
) {
  const data = rows.filter((r) => r.value != null).map((r) => ({ ...r, date: monthDate(r.month) }));
  const series = [...new Set(data.map((d) => d.series))];
  const last = series.map((s) => data.filter((d) => d.series === s).at(-1)).filter(Boolean);
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height,
    marginLeft: 60,
    marginRight: series.length > 1 ? 130 : 40,
    x: { type: "utc", label: lang === "en" ? "Month received" : "受理月份", tickFormat: "%Y-%m" },
    y: { label: yLabel, grid: true, tickFormat: format, zero },
    color: { domain: series, range: GREYS },
    symbol: { domain: series, range: SYMBOLS },
    marks: [
      ...series.map((s, i) =>
        Plot.line(
          data.filter((d) => d.series === s),
          { x: "date", y: "value", stroke: "series", strokeDasharray: DASHES[i] ?? null },
        ),
      ),
      Plot.dot(data, { x: "date", y: "value", stroke: "series", symbol: "series", r: 2.5 }),
      series.length > 1 ? Plot.text(last, { x: "date", y: "value", text: "series", dx: 8, textAnchor: "start", fontSize: 11 }) : null,
      Plot.tip(data, Plot.pointer({ x: "date", y: "value", title: (d) => `${d.series} ${d.month}：${format(d.value)}` })),
    ],
  });
}

/**
 * A heat map of counts (rows × columns) in a sequential grey scale, every cell labelled with its value so
 * it reads without the colour. cells: [{row, column, value, text?}].
 */
export function heatmap(cells, { title, subtitle, width = 900, rowOrder, columnOrder, lang = "zh", format = fmtInt } = /** @type {any} */ ({})) {
  const rows = rowOrder ?? [...new Set(cells.map((c) => c.row))];
  const columns = columnOrder ?? [...new Set(cells.map((c) => c.column))];
  const max = Math.max(1, ...cells.map((c) => c.value ?? 0));
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height: 110 + 26 * rows.length,
    marginLeft: 170,
    marginBottom: 100,
    padding: 0.04,
    x: { label: null, domain: columns, tickRotate: -35, axis: "bottom" },
    y: { label: null, domain: rows },
    color: { type: "linear", domain: [0, max], range: ["#f4f4f4", "#262626"] },
    marks: [
      Plot.cell(cells, { x: "column", y: "row", fill: "value", stroke: "#bbb", strokeWidth: 0.5 }),
      Plot.text(cells, {
        x: "column",
        y: "row",
        text: (c) => c.text ?? format(c.value),
        fontSize: 10,
        fill: (c) => ((c.value ?? 0) > max * 0.55 ? "white" : "black"),
      }),
    ],
  });
}

/**
 * Open complaints by age since receipt (the SLA backlog): one bar per aging bucket, split into breached,
 * at risk and within time — three greys plus a hatch on breached, and counts written on the bars.
 * rows: [{aging_bucket, bucket_order, open_complaints, breached, at_risk}].
 */
export function agingBars(rows, { title, subtitle, width = 900, lang = "zh" } = /** @type {any} */ ({})) {
  const names = lang === "en" ? { breached: "Breached", at_risk: "At risk", ok: "Within time" } : { breached: "已超时", at_risk: "临期", ok: "时限内" };
  const order = rows
    .slice()
    .sort((a, b) => a.bucket_order - b.bucket_order)
    .map((r) => r.aging_bucket);
  const parts = rows.flatMap((r) => [
    { bucket: r.aging_bucket, part: names.breached, n: r.breached ?? 0 },
    { bucket: r.aging_bucket, part: names.at_risk, n: r.at_risk ?? 0 },
    { bucket: r.aging_bucket, part: names.ok, n: Math.max(0, (r.open_complaints ?? 0) - (r.breached ?? 0) - (r.at_risk ?? 0)) },
  ]);
  const domain = [names.breached, names.at_risk, names.ok];
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height: 320,
    marginLeft: 60,
    marginBottom: 45,
    x: { label: lang === "en" ? "Days since receipt (calendar)" : "受理后已过天数（自然日）", domain: order },
    y: { label: lang === "en" ? "Open complaints" : "未办结投诉（件）", grid: true, tickFormat: fmtInt },
    color: { domain, range: ["#262626", "#8c8c8c", "#e0e0e0"], legend: true },
    marks: [
      Plot.barY(parts, Plot.stackY({ x: "bucket", y: "n", fill: "part", stroke: "#262626", strokeWidth: 0.5, order: domain })),
      Plot.text(
        parts.filter((p) => p.n > 0),
        Plot.stackY({
          x: "bucket",
          y: "n",
          z: "part",
          order: domain,
          text: (p) => fmtInt(p.n),
          fill: (p) => (p.part === names.breached ? "white" : "black"),
          fontSize: 10,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}
