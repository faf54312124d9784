// Chart components: pure functions from data to an SVG figure (Observable Plot). Each has a title, axis
// labels with units, a source note, zh-CN number formats, and marks that stay distinguishable when printed
// in greyscale (symbols and dashes, not colour alone).
import * as Plot from "@observablehq/plot";
import {fmtInt, fmtPct, label} from "./format.js";

const SOURCE = "数据来源：kesu 投诉数据仓库（按受理日期统计，北京时间）";
const SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star", "wye", "times", "plus", "asterisk", "hexagon", "triangle2"];
const GREYS = ["#1b1b1b", "#4a4a4a", "#767676", "#9b9b9b", "#2f5d8a", "#8a2f2f", "#2f8a4a", "#8a6d2f", "#5d2f8a", "#2f8a86", "#8a2f6d", "#555"];
const DASHES = [null, "6,3", "2,2", "8,3,2,3", "1,3", "10,4", null, "6,3", "2,2", "8,3,2,3", "1,3", "10,4"];

const monthDate = (month) => new Date(`${month}-01T00:00:00Z`);

/** Monthly complaints received by intake channel (one line per channel, marked by symbol and dash). */
export function monthlyByChannel(rows, labels, {width = 900} = {}) {
  const channels = [...new Set(rows.map((r) => r.intake_channel))];
  const totals = new Map(channels.map((c) => [c, rows.filter((r) => r.intake_channel === c).reduce((n, r) => n + r.received, 0)]));
  channels.sort((a, b) => totals.get(b) - totals.get(a));
  const data = rows.map((r) => ({...r, date: monthDate(r.month), channel: label(labels, "intake_channel", r.intake_channel)}));
  const domain = channels.map((c) => label(labels, "intake_channel", c));
  return Plot.plot({
    title: "各受理渠道月度投诉量",
    subtitle: "单位：件",
    caption: SOURCE,
    width,
    height: 340,
    marginLeft: 60,
    x: {type: "utc", label: "受理月份", tickFormat: "%Y-%m"},
    y: {label: "投诉量（件）", grid: true, tickFormat: fmtInt},
    color: {domain, range: GREYS, legend: true},
    symbol: {domain, range: SYMBOLS},
    marks: [
      ...domain.map((name, i) =>
        Plot.line(data.filter((d) => d.channel === name), {x: "date", y: "received", stroke: "channel", strokeDasharray: DASHES[i] ?? null})
      ),
      Plot.dot(data, {x: "date", y: "received", stroke: "channel", symbol: "channel", r: 2.5}),
      Plot.tip(data, Plot.pointer({x: "date", y: "received", title: (d) => `${d.channel} ${d.month}：${fmtInt(d.received)} 件`})),
      Plot.ruleY([0])
    ]
  });
}

/** Monthly SLA breach rate (cn-nfra-2020 by default), by month of receipt. */
export function breachTrend(rows, {width = 900, profile = "cn-nfra-2020"} = {}) {
  const data = rows.map((r) => ({...r, date: monthDate(r.month)}));
  return Plot.plot({
    title: "超时率月度趋势",
    subtitle: `按受理月份统计，时限口径：${profile}（15/30/60 日）`,
    caption: SOURCE,
    width,
    height: 260,
    marginLeft: 60,
    x: {type: "utc", label: "受理月份", tickFormat: "%Y-%m"},
    y: {label: "超时率（%）", grid: true, tickFormat: (d) => fmtPct(d), zero: true},
    marks: [
      Plot.areaY(data, {x: "date", y: "breach_rate", fill: "#ccc", fillOpacity: 0.6}),
      Plot.line(data, {x: "date", y: "breach_rate", stroke: "#1b1b1b"}),
      Plot.dot(data, {x: "date", y: "breach_rate", fill: "#1b1b1b", r: 2}),
      Plot.tip(data, Plot.pointer({x: "date", y: "breach_rate", title: (d) => `${d.month}：超时率 ${fmtPct(d.breach_rate)}（${fmtInt(d.breached)}/${fmtInt(d.judged)}）`}))
    ]
  });
}

/** Horizontal bars of one quarter's counts by a dimension, labelled with count and share. */
export function shareBars(rows, {title, list, labels, width = 900, median = false} = {}) {
  const data = rows
    .map((r) => ({...r, name: label(labels, list, r.code)}))
    .sort((a, b) => b.received - a.received);
  const values = data.map((d) => d.received).sort((a, b) => a - b);
  const mid = values.length ? (values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2) : 0;
  return Plot.plot({
    title,
    subtitle: median ? `单位：件；虚线为中位数（${fmtInt(mid)} 件）` : "单位：件",
    caption: SOURCE,
    width,
    height: 40 + 24 * data.length,
    marginLeft: 190,
    marginRight: 110,
    x: {label: "投诉量（件）", grid: true, tickFormat: fmtInt},
    y: {label: null, domain: data.map((d) => d.name)},
    marks: [
      Plot.barX(data, {x: "received", y: "name", fill: "#6b6b6b"}),
      Plot.text(data, {x: "received", y: "name", text: (d) => `${fmtInt(d.received)}（${fmtPct(d.share)}）`, dx: 4, textAnchor: "start", fill: "currentColor"}),
      median ? Plot.ruleX([mid], {stroke: "#000", strokeDasharray: "4,3"}) : null,
      Plot.ruleX([0])
    ]
  });
}

/** Pareto of causes: bars by count, and the cumulative share line with the 80% rule. */
export function pareto(rows, {labels, width = 900} = {}) {
  const data = rows.map((r) => ({...r, name: label(labels, "cause_code", r.code)})).sort((a, b) => b.received - a.received);
  const total = data.reduce((n, d) => n + d.received, 0) || 1;
  let running = 0;
  for (const d of data) d.cumulative = (running += d.received) / total;
  const max = data[0]?.received ?? 1;
  return Plot.plot({
    title: "投诉原因帕累托图",
    subtitle: "柱：投诉量（件，左轴）；折线：累计占比（右轴），虚线为 80%",
    caption: SOURCE,
    width,
    height: 360,
    marginBottom: 120,
    marginLeft: 90,
    x: {label: null, domain: data.map((d) => d.name), tickRotate: -35},
    marginRight: 60,
    y: {label: "投诉量（件）"},
    marks: [
      // the cumulative share shares the count scale (100% = the tallest bar), so its axis is drawn on the right
      Plot.axisY([0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => t * max), {anchor: "right", label: "累计占比（%）", tickFormat: (v) => fmtPct(v / max)}),
      Plot.axisY({anchor: "left", label: "投诉量（件）", tickFormat: fmtInt}),
      Plot.gridY(),
      Plot.barY(data, {x: "name", y: "received", fill: "#8c8c8c"}),
      Plot.line(data, {x: "name", y: (d) => d.cumulative * max, stroke: "#000"}),
      Plot.dot(data, {x: "name", y: (d) => d.cumulative * max, fill: "#000", r: 3}),
      Plot.text(data, {x: "name", y: (d) => d.cumulative * max, text: (d) => fmtPct(d.cumulative), dy: -9, fontSize: 10}),
      Plot.ruleY([0.8 * max], {stroke: "#000", strokeDasharray: "4,3"}),
      Plot.ruleY([0])
    ]
  });
}

// Intake groups in bulletin order: on-site first, then the three off-site groups (CBIRC Order 2020 No.3).
const GROUP_ORDER = ["on_site", "electronic", "letter_visit", "transfer"];
const GROUP_FILL = ["#262626", "#6b6b6b", "#a6a6a6", "#d9d9d9"];

/**
 * One quarter's complaints by intake channel, channels grouped on-site vs off-site: bars ordered by group,
 * then by count, filled by group in four greys (outlined, so the lightest still prints).
 */
export function channelBars(rows, {labels, width = 900, lang = "zh"} = {}) {
  const groupName = (g) => `${g === "on_site" ? "现场" : "非现场"}·${label(labels, "intake_group", g, lang)}`;
  const rank = (g) => (GROUP_ORDER.indexOf(g) + GROUP_ORDER.length + 1) % (GROUP_ORDER.length + 1);
  const data = rows
    .map((r) => ({...r, name: label(labels, "intake_channel", r.code, lang), group: groupName(r.intake_group)}))
    .sort((a, b) => rank(a.intake_group) - rank(b.intake_group) || b.received - a.received);
  const total = data.reduce((n, d) => n + d.received, 0);
  const onSite = data.filter((d) => d.intake_group === "on_site").reduce((n, d) => n + d.received, 0);
  const groups = GROUP_ORDER.filter((g) => data.some((d) => d.intake_group === g)).map(groupName);
  return Plot.plot({
    title: "各受理渠道投诉量（现场 / 非现场）",
    subtitle: `单位：件；现场 ${fmtInt(onSite)} 件（${fmtPct(total ? onSite / total : null)}），非现场 ${fmtInt(total - onSite)} 件（${fmtPct(total ? (total - onSite) / total : null)}）`,
    caption: SOURCE,
    width,
    height: 60 + 24 * data.length,
    marginLeft: 190,
    marginRight: 110,
    x: {label: "投诉量（件）", grid: true, tickFormat: fmtInt},
    y: {label: null, domain: data.map((d) => d.name)},
    color: {domain: groups, range: GROUP_FILL, legend: true},
    marks: [
      Plot.barX(data, {x: "received", y: "name", fill: "group", stroke: "#262626", strokeWidth: 0.5}),
      Plot.text(data, {x: "received", y: "name", text: (d) => `${fmtInt(d.received)}（${fmtPct(d.share)}）`, dx: 4, textAnchor: "start", fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}

/** Small sparkline of a series (no axes), for KPI tiles. */
export function sparkline(values, {width = 180, height = 36} = {}) {
  const data = values.map((v, i) => ({i, v}));
  return Plot.plot({
    width, height, margin: 2, axis: null,
    x: {domain: [0, Math.max(1, data.length - 1)]},
    marks: [Plot.line(data, {x: "i", y: "v", stroke: "currentColor"}), Plot.dot(data.slice(-1), {x: "i", y: "v", fill: "currentColor", r: 2})]
  });
}
