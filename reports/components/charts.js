// Chart components: pure functions from data to an SVG figure (Observable Plot). Each has a title, axis
// labels with units, a source note, zh-CN number formats, and marks that stay distinguishable when printed
// in greyscale (symbols and dashes, not colour alone).
import * as Plot from "@observablehq/plot";
import { fmtInt, fmtPct, label } from "./format.js";
import { bracket } from "./i18n.js";

const SOURCE = "数据来源：kesu 投诉数据仓库（按受理日期统计，北京时间）";
const SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star", "wye", "times", "plus", "asterisk", "hexagon", "triangle2"];
const GREYS = ["#1b1b1b", "#4a4a4a", "#767676", "#9b9b9b", "#2f5d8a", "#8a2f2f", "#2f8a4a", "#8a6d2f", "#5d2f8a", "#2f8a86", "#8a2f6d", "#555"];
const DASHES = [null, "6,3", "2,2", "8,3,2,3", "1,3", "10,4", null, "6,3", "2,2", "8,3,2,3", "1,3", "10,4"];

const monthDate = (month) => new Date(`${month}-01T00:00:00Z`);

// Sizes from the width: a chart drawn into a phone's 300 px must still draw its bars and keep its labels
// apart, so margins are measured from the labels and capped by the width, long labels wrap (and end in
// "…" past their lines), and the space the value labels need is found beside the bars.

/** Estimated width in px of `text` in the site's font (Noto Sans SC) at `size` px: CJK and full-width 1 em. */
export function textWidth(text, size = 10) {
  let em = 0;
  for (const ch of String(text)) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x2e80) em += 1;
    else if (ch === " ") em += 0.26;
    else if (".,:;'|!il()[]".includes(ch)) em += 0.32;
    else if ("%mwMW@".includes(ch)) em += 0.9;
    else if (ch >= "A" && ch <= "Z") em += 0.68;
    else em += 0.58;
  }
  return em * size;
}

/**
 * `text` broken into at most `lines` lines of at most `px` each ("\n" between them, as Plot draws them),
 * between words (Latin) or characters (CJK); the last line ends in "…" when the text does not fit.
 */
export function fitText(text, px, { lines = 2, size = 10 } = {}) {
  const s = String(text ?? "");
  if (textWidth(s, size) <= px) return s;
  // tokens: a Latin word with its trailing spaces, or one other character
  const tokens = s.match(/[A-Za-z0-9\u00c0-\u024f'’&/.-]+\s*|\s+|./gu) ?? [];
  const out = [];
  let line = "";
  let i = 0;
  while (i < tokens.length && out.length < lines) {
    const next = line + tokens[i];
    if (textWidth(next.trimEnd(), size) <= px || line === "") {
      if (line === "" && textWidth(next.trimEnd(), size) > px) {
        // a single token longer than the line: cut it by characters
        let cut = "";
        for (const ch of tokens[i]) {
          if (textWidth(cut + ch, size) > px) break;
          cut += ch;
        }
        if (cut === "") cut = [...tokens[i]][0];
        tokens.splice(i, 1, cut, tokens[i].slice(cut.length));
        line = cut;
      } else line = next;
      i++;
    } else {
      out.push(line.trimEnd());
      line = "";
    }
  }
  if (line !== "" && out.length < lines) out.push(line.trimEnd());
  if (i < tokens.length) {
    let last = out.pop() ?? "";
    while (last !== "" && textWidth(`${last}…`, size) > px) last = [...last].slice(0, -1).join("");
    out.push(`${last.trimEnd()}…`);
  }
  return out.join("\n");
}

const lineWidths = (text, size = 10) =>
  String(text)
    .split("\n")
    .map((l) => textWidth(l, size));

/**
 * Layout of horizontal bars `width` px wide: the left margin fits the longest name (at most about a third
 * of the width, longer names wrapped), a row is taller when a name wraps, and the x domain leaves every
 * value label room beside its bar. rows: [{name, value, text}] (text: the value label).
 */
export function barLayout(rows, { width, step = 24, marginRight = 20, median = null, size = 10 }) {
  const cap = Math.max(56, Math.round(width * 0.34));
  const widest = Math.max(0, ...rows.map((r) => textWidth(r.name, size)));
  const marginLeft = Math.min(cap, Math.ceil(widest) + 14);
  const names = new Map(rows.map((r) => [r.name, fitText(r.name, marginLeft - 12, { size })]));
  const wrapped = [...names.values()].some((n) => n.includes("\n"));
  const plotWidth = Math.max(40, width - marginLeft - marginRight);
  const texts = rows.map((r) => fitText(r.text, plotWidth * 0.6, { size }));
  const wrappedText = texts.some((t) => t.includes("\n"));
  const max = Math.max(0, median ?? 0, ...rows.map((r) => r.value ?? 0));
  // a bar of value v ends at v/D of the plot; its label (4 px off) must end inside: v/D·W + L ≤ W
  let domainMax = max;
  rows.forEach((r, i) => {
    const room = plotWidth - (Math.max(...lineWidths(texts[i], size)) + 6);
    if ((r.value ?? 0) > 0) domainMax = Math.max(domainMax, ((r.value ?? 0) * plotWidth) / Math.max(room, 1));
  });
  return {
    marginLeft,
    marginRight,
    step: wrapped || wrappedText ? Math.max(step, 32) : step,
    tickFormat: (name) => names.get(name) ?? name,
    texts,
    domain: [0, domainMax > 0 ? domainMax : 1],
    ticks: Math.max(2, Math.floor(plotWidth / 70)),
  };
}

/** Rotation of band tick labels `step` px apart: slanted where they clear each other, else upright, else none fits. */
function bandLabels(step, size = 10) {
  const height = size * 1.45; // the font's line box
  if (step * Math.sin((35 * Math.PI) / 180) >= height + 1) return { rotate: -35, every: 1 };
  if (step >= height + 1) return { rotate: -90, every: 1 };
  return { rotate: -90, every: Math.ceil((height + 1) / step) };
}

/**
 * The bottom axis of a band scale of long names (causes, categories) `step` px apart: slanted where they
 * clear each other, else upright, in the largest size of 10/9/8 px that fits, else every few; each name cut
 * to the room below the plot (and, slanted, left of the first band).
 */
function causeAxis(names, step, { marginLeft, maxBottom }) {
  const size = [10, 9, 8].find((z) => bandLabels(step, z).every === 1) ?? 8;
  const { rotate, every } = bandLabels(step, size);
  const slant = rotate === -35;
  const sin = Math.sin((35 * Math.PI) / 180);
  const cos = Math.cos((35 * Math.PI) / 180);
  const line = size * 1.45;
  const lines = !slant && step >= 2 * line + 1 ? 2 : 1;
  // slanted, a name of length L reaches L·sin 35° down and L·cos 35° left of its tick
  const room = slant ? Math.min((maxBottom - 12 - line * cos) / sin, (marginLeft + step / 2 - 4) / cos) : maxBottom - 12;
  const fitted = new Map(names.map((n) => [n, fitText(n, room, { lines, size })]));
  const longest = Math.max(0, ...[...fitted.values()].flatMap((n) => lineWidths(n, size)));
  const marginBottom = Math.ceil(Math.min(maxBottom, (slant ? longest * sin + line * cos : longest) + 12 + (lines - 1) * line));
  const ticks = names.filter((_, i) => i % every === 0);
  return {
    size,
    marginBottom,
    axis: Plot.axisX({ anchor: "bottom", label: null, ticks, tickRotate: rotate, fontSize: size, tickFormat: (n) => fitted.get(n) ?? n }),
  };
}

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
          title: (d) => `${d.month}${en ? ": breach rate" : "：超时率"} ${bracket(lang, fmtPct(d.breach_rate), `${fmtInt(d.breached)}/${fmtInt(d.judged)}`)}`,
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
  const fit = barLayout(
    data.map((d) => ({ name: d.name, value: d.received, text: bracket(lang, fmtInt(d.received), fmtPct(d.share)) })),
    { width, median: mid },
  );
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
    height: 40 + fit.step * data.length,
    marginLeft: fit.marginLeft,
    marginRight: fit.marginRight,
    x: { label: en ? "Complaints" : "投诉量（件）", grid: true, tickFormat: fmtInt, domain: fit.domain, ticks: fit.ticks },
    y: { label: null, domain: data.map((d) => d.name), tickFormat: fit.tickFormat },
    marks: [
      Plot.barX(data, { x: "received", y: "name", fill: "#6b6b6b" }),
      Plot.text(data, {
        x: "received",
        y: "name",
        text: (_, i) => fit.texts[i],
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
  const narrow = width < 560;
  const [marginLeft, marginRight, height] = narrow ? [48, 46, 380] : [90, 60, 360];
  const plotWidth = Math.max(40, width - marginLeft - marginRight);
  const step = plotWidth / (data.length + 0.1); // Plot's band: padding 0.1 inside and out
  const { axis, marginBottom } = causeAxis(
    data.map((d) => d.name),
    step,
    { marginLeft, maxBottom: 120 },
  );
  // The cumulative shares, written above their points where they clear the ones already written (the
  // line flattens near 100%, where neighbours would overprint) and inside the plot.
  const top = 30;
  const yMax = max * 1.15; // headroom for the labels above the 100% point
  const plotHeight = height - top - marginBottom;
  const shareSize = step < 36 ? 9 : 10;
  const kept = [];
  const shown = new Set();
  data.forEach((d, i) => {
    const w = textWidth(fmtPct(d.cumulative), shareSize) + 4;
    const h = shareSize * 1.45 + 2;
    const cx = marginLeft + step * (0.1 + i + 0.45);
    const cy = top + plotHeight * (1 - (d.cumulative * max) / yMax) - 9;
    const box = { x0: cx - w / 2, x1: cx + w / 2, y0: cy - h / 2, y1: cy + h / 2 };
    if (box.x0 < marginLeft - 2 || box.x1 > marginLeft + plotWidth + 2) return;
    if (kept.some((k) => k.x0 < box.x1 && box.x0 < k.x1 && k.y0 < box.y1 && box.y0 < k.y1)) return;
    kept.push(box);
    shown.add(i);
  });
  return Plot.plot({
    title: en ? "Pareto of complaint causes" : "投诉原因帕累托图",
    subtitle: en
      ? "Bars: complaints (left axis); line: cumulative share (right axis), dashed at 80%"
      : "柱：投诉量（件，左轴）；折线：累计占比（右轴），虚线为 80%",
    caption: sourceNote(lang),
    width,
    height,
    marginTop: top,
    marginBottom,
    marginLeft,
    x: { label: null, domain: data.map((d) => d.name) },
    marginRight,
    y: { label: en ? "Complaints" : "投诉量（件）", domain: [0, yMax] },
    marks: [
      axis,
      // the cumulative share shares the count scale (100% = the tallest bar), so its axis is drawn on the right
      Plot.axisY(
        [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => t * max),
        { anchor: "right", label: en ? "Cumulative share (%)" : "累计占比（%）", tickFormat: (v) => fmtPct(v / max) },
      ),
      Plot.axisY({ anchor: "left", label: en ? "Complaints" : "投诉量（件）", tickFormat: fmtInt, ticks: narrow ? 4 : undefined }),
      Plot.gridY(),
      Plot.barY(data, { x: "name", y: "received", fill: "#8c8c8c" }),
      Plot.line(data, { x: "name", y: (d) => d.cumulative * max, stroke: "#000" }),
      Plot.dot(data, { x: "name", y: (d) => d.cumulative * max, fill: "#000", r: 3 }),
      Plot.text(
        data.filter((_, i) => shown.has(i)),
        { x: "name", y: (d) => d.cumulative * max, text: (d) => fmtPct(d.cumulative), dy: -9, fontSize: shareSize },
      ),
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
  const fit = barLayout(
    data.map((d) => ({ name: d.name, value: d.received, text: bracket(lang, fmtInt(d.received), fmtPct(d.share)) })),
    { width },
  );
  return Plot.plot({
    title: en ? "Complaints by intake channel (on-site / off-site)" : "各受理渠道投诉量（现场 / 非现场）",
    subtitle: en
      ? `Unit: complaints; on-site ${fmtInt(onSite.received)} (${fmtPct(onSite.share)}), off-site ${fmtInt(offSite.received)} (${fmtPct(offSite.share)})`
      : `单位：件；现场 ${fmtInt(onSite.received)} 件（${fmtPct(onSite.share)}），非现场 ${fmtInt(offSite.received)} 件（${fmtPct(offSite.share)}）`,
    caption: sourceNote(lang),
    width,
    height: 60 + fit.step * data.length,
    marginLeft: fit.marginLeft,
    marginRight: fit.marginRight,
    x: { label: en ? "Complaints" : "投诉量（件）", grid: true, tickFormat: fmtInt, domain: fit.domain, ticks: fit.ticks },
    y: { label: null, domain: data.map((d) => d.name), tickFormat: fit.tickFormat },
    color: { domain: groups, range: GROUP_FILL, legend: true },
    marks: [
      Plot.barX(data, { x: "received", y: "name", fill: "group", stroke: "#262626", strokeWidth: 0.5 }),
      Plot.text(data, {
        x: "received",
        y: "name",
        text: (_, i) => fit.texts[i],
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
  const fit = barLayout(
    data.map((d) => ({ name: d.name, value: d.value, text: d.text ?? format(d.value) })),
    { width, step: 22, median: mid },
  );
  // the median's label reads leftwards from its rule when the rule stands in the right part of the plot
  const midLeft = mid != null && mid > fit.domain[1] * 0.6;
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height: 50 + fit.step * data.length,
    marginLeft: fit.marginLeft,
    marginRight: fit.marginRight,
    x: { label: xLabel, grid: true, tickFormat: format, domain: fit.domain, ticks: fit.ticks },
    y: { label: null, domain: data.map((d) => d.name), tickFormat: fit.tickFormat },
    marks: [
      Plot.barX(data, { x: "value", y: "name", fill: (d) => (highlight.includes(d.name) ? "#262626" : "#8c8c8c") }),
      Plot.text(data, { x: "value", y: "name", text: (_, i) => fit.texts[i], dx: 4, textAnchor: "start", fill: "currentColor" }),
      mid != null ? Plot.ruleX([mid], { stroke: "#000", strokeDasharray: "4,3" }) : null,
      mid != null
        ? Plot.text([mid], {
            x: (d) => d,
            frameAnchor: "top",
            dy: -2,
            text: (d) => `${lang === "en" ? "median" : "中位数"} ${format(d)}`,
            textAnchor: midLeft ? "end" : "start",
            dx: midLeft ? -3 : 3,
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
      Plot.tip(data, Plot.pointer({ x: "date", y: "value", title: (d) => `${d.series} ${d.month}${lang === "en" ? ": " : "："}${format(d.value)}` })),
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
  // rows' names on the left (at most about a third of the width, wrapped past it); columns' names slanted,
  // upright or smaller as the columns narrow; a cell's number in the largest size that fits the cells,
  // and left out of a cell too narrow for it (the shade and the cell's tooltip still tell)
  const marginRight = 10;
  const widest = Math.max(0, ...rows.map((r) => textWidth(r)));
  const marginLeft = Math.min(Math.max(56, Math.round(width * 0.3)), Math.ceil(widest) + 14);
  const rowNames = new Map(rows.map((r) => [r, fitText(r, marginLeft - 12)]));
  const rowStep = [...rowNames.values()].some((n) => n.includes("\n")) ? 32 : 26;
  const plotWidth = Math.max(40, width - marginLeft - marginRight);
  const step = plotWidth / Math.max(1, columns.length);
  const { axis, marginBottom } = causeAxis(columns, step, { marginLeft, maxBottom: 100 });
  const text = (c) => c.text ?? format(c.value);
  const cellWidth = step * 0.96 - 2;
  const widestCell = Math.max(0, ...cells.map((c) => textWidth(text(c), 1)));
  const cellSize = [10, 9, 8].find((z) => widestCell * z <= cellWidth) ?? 8;
  const fits = (c) => textWidth(text(c), cellSize) <= cellWidth;
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height: 30 + marginBottom + rowStep * rows.length,
    marginLeft,
    marginRight,
    marginBottom,
    padding: 0.04,
    x: { label: null, domain: columns },
    y: { label: null, domain: rows, tickFormat: (r) => rowNames.get(r) ?? r },
    color: { type: "linear", domain: [0, max], range: ["#f4f4f4", "#262626"] },
    marks: [
      axis,
      Plot.cell(cells, {
        x: "column",
        y: "row",
        fill: "value",
        stroke: "#bbb",
        strokeWidth: 0.5,
        title: (c) => `${c.row} × ${c.column}${lang === "en" ? ": " : "："}${text(c)}`,
      }),
      Plot.text(cells.filter(fits), {
        x: "column",
        y: "row",
        text,
        fontSize: cellSize,
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
  // a small backlog (one branch's) gets whole-number ticks, not 0.5-steps rounded to repeated labels
  const top = Math.max(0, ...rows.map((r) => r.open_complaints ?? 0));
  return Plot.plot({
    title,
    subtitle,
    caption: sourceNote(lang),
    width,
    height: 320,
    marginLeft: 60,
    marginBottom: 45,
    x: { label: lang === "en" ? "Days since receipt (calendar)" : "受理后已过天数（自然日）", domain: order },
    y: {
      label: lang === "en" ? "Open complaints" : "未办结投诉（件）",
      grid: true,
      tickFormat: fmtInt,
      ticks: top <= 8 ? Array.from({ length: top + 1 }, (_, i) => i) : undefined,
    },
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
