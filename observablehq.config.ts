// Observable Framework configuration for the kesu site. Plain data: the site is built offline (no CDN,
// no web fonts, no telemetry — see docs/offline.md) from the published snapshot in KESU_PUBLISH_DIR.
import { readFileSync } from "node:fs";
import { FONT_STYLESHEET } from "./src/site/fonts.ts";
import { publishDir, siteParams, snapshotAt } from "./src/site/snapshot.ts";

// The snapshot read once, by the site's own reader; empty lists when there is no snapshot yet.
const SNAPSHOT = snapshotAt(publishDir());
const { quarters: QUARTERS, categories: CATEGORIES, branches: BRANCHES } = siteParams(SNAPSHOT);
const LABELS = SNAPSHOT.optional<Record<string, Record<string, { zh: string; en?: string }>>>("labels.json");

/**
 * A search entry: the name's Chinese characters are also indexed as their two-character words, since the
 * index splits text on spaces only and a reader types "信用" as readily as "信用卡".
 */
function searchEntry(path: string, title: string, text: string, code: string) {
  const han = [...text.matchAll(/\p{Script=Han}+/gu)].map((m) => m[0]);
  const pairs = han.flatMap((w) => [...w].slice(0, -1).map((_ch, i) => w.slice(i, i + 2)));
  return { path, title, text: `${text} ${pairs.join(" ")}`, keywords: code };
}

function labelOf(list: string, code: string, lang: "zh" | "en" = "zh"): string {
  return LABELS?.[list]?.[code]?.[lang] ?? LABELS?.[list]?.[code]?.zh ?? code;
}

const TITLE = "kesu 客诉分析";
const FOOTER = "kesu · 数据按受理日期（北京时间）统计；客户标识已做假名化处理，投诉内容已脱敏。";
const TOC_LABEL = "本页目录";

// The sidebar, named in both languages: Framework is given the Chinese, the head script the English.
interface NavPage {
  name: { zh: string; en: string };
  path: string;
  pages?: NavPage[];
}
const coded = (list: string, code: string) => ({ zh: labelOf(list, code), en: labelOf(list, code, "en") });
const NAV: NavPage[] = [
  { name: { zh: "仪表盘", en: "Dashboard" }, path: "/" },
  {
    name: { zh: "季度报告", en: "Quarterly reports" },
    path: "/quarterly/",
    pages: [...QUARTERS].reverse().map((q) => ({ name: { zh: q, en: q }, path: `/quarterly/${q}` })),
  },
  {
    name: { zh: "业务类别", en: "Business categories" },
    path: "/products/",
    pages: CATEGORIES.map((c) => ({ name: coded("business_category", c), path: `/products/${c}` })),
  },
  { name: { zh: "分行记分卡", en: "Branch scorecards" }, path: "/branches/", pages: BRANCHES.map((o) => ({ name: coded("org", o), path: `/branches/${o}` })) },
  { name: { zh: "待办投诉清单", en: "Open cases" }, path: "/cases" },
  { name: { zh: "数据质量", en: "Data quality" }, path: "/data-quality" },
  { name: { zh: "方法说明", en: "Methodology" }, path: "/methodology" },
];
const frameworkPages = (nav: NavPage[]): { name: string; path: string }[] =>
  nav.map(({ name, path, pages }) => ({ name: name.zh, path, ...(pages ? { pages: frameworkPages(pages) } : {}) }));
const navNames = (nav: NavPage[]): [string, string][] => nav.flatMap(({ name, pages }) => [[name.zh, name.en], ...navNames(pages ?? [])]);

// What Framework writes in one language only (the sidebar's names, the site and page titles, the table of
// contents' label, the footer), Chinese → English, for the head script to swap when English is chosen.
// Page titles are the sidebar's section names, but for the quarterly report's.
const ENGLISH: Record<string, string> = {
  [TITLE]: "kesu complaint analytics",
  [FOOTER]: "kesu · counted by date received (Beijing time); customer ids are pseudonymised and narratives masked.",
  [TOC_LABEL]: "Contents",
  季度投诉情况报告: "Quarterly complaints report",
  ...Object.fromEntries(navNames(NAV).filter(([zh, en]) => zh !== en)),
};

// Inputs' stylesheet, inlined: the filters are bare-imported "@observablehq/inputs", whose CSS Framework
// does not add by itself, and a <link> to a CDN is not allowed (docs/offline.md).
const INPUTS_CSS = readFileSync(new URL("./node_modules/@observablehq/inputs/dist/index.css", import.meta.url), "utf8");

// Framework 1.13 ignores a `lang` option and writes a bare <html>; set it before first paint so browsers
// pick Simplified Chinese glyphs (and screen readers the right voice).
// The zh/en choice (reports/components/i18n.js) is applied here too, before first paint, so a reader who
// chose English never sees a flash of Chinese; kesuSetLang is what the header's toggle calls.
const LANG = `<script>document.documentElement.lang = "zh-CN";
(function () {
  var root = document.documentElement, lang = "zh";
  try { lang = localStorage.getItem("kesu-lang") === "en" ? "en" : "zh"; } catch (e) {}
  // a link's ?lang=en (or zh) wins, and is remembered like a click on the toggle
  var asked = new URLSearchParams(location.search).get("lang");
  if (asked === "en" || asked === "zh") { lang = asked; try { localStorage.setItem("kesu-lang", lang); } catch (e) {} }
  root.dataset.kesuLang = lang; root.lang = lang === "en" ? "en" : "zh-CN";
  // The texts Framework writes in Chinese only, swapped whole (a text node at a time) and swapped back
  var english = ${JSON.stringify(ENGLISH).replaceAll("<", "\\u003c")}, chinese = new Map(), zhTitle;
  function relabel() {
    var en = root.dataset.kesuLang === "en";
    var parts = document.querySelectorAll("#observablehq-sidebar, #observablehq-toc > nav > div, #observablehq-footer");
    for (var i = 0; i < parts.length; i++) {
      var walk = document.createTreeWalker(parts[i], NodeFilter.SHOW_TEXT), node;
      while ((node = walk.nextNode())) {
        var zh = chinese.get(node);
        if (zh === undefined) { zh = node.nodeValue; if (!english[zh.trim()]) continue; chinese.set(node, zh); }
        node.nodeValue = en ? zh.replace(zh.trim(), english[zh.trim()]) : zh;
      }
    }
    var box = document.querySelector("#observablehq-search input");
    if (box) box.placeholder = en ? "Search" : "搜索";
    if (zhTitle === undefined) zhTitle = document.title;
    document.title = en ? zhTitle.split(" | ").map(function (t) { return english[t] || t; }).join(" | ") : zhTitle;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", relabel); else relabel();
  window.kesuSetLang = function (next) {
    try { localStorage.setItem("kesu-lang", next); } catch (e) {}
    root.dataset.kesuLang = next; root.lang = next === "en" ? "en" : "zh-CN";
    relabel();
    dispatchEvent(new Event("kesu-lang"));
  };
})();</script>`;

const HEADER = `<div class="kesu-header"><span class="kesu-zh">kesu 客诉分析</span><span class="kesu-en">kesu complaint analytics</span>
<span class="kesu-lang-toggle" role="group" aria-label="语言 / Language">
<button type="button" data-lang="zh" onclick="kesuSetLang('zh')">中文</button><button type="button" data-lang="en" onclick="kesuSetLang('en')">English</button>
</span></div>`;

const STYLE = `<style>
:root {
  --theme-foreground-focus: #1f4e79;
  /* the site's own Noto Sans SC first (every machine, every table, chart and input), then system CJK fonts */
  --kesu-font: "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  --sans-serif: var(--kesu-font);
  --serif: var(--kesu-font);
}
body, svg[class^="plot"] { font-family: var(--kesu-font); }
.kesu-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 1rem; margin: 1rem 0; }
.kesu-tile { border: 1px solid var(--theme-foreground-faintest); border-radius: 6px; padding: 0.8rem 1rem; }
.kesu-tile h3 { margin: 0; font-size: 0.85rem; font-weight: 500; color: var(--theme-foreground-muted); }
.kesu-tile .value { font-size: 1.9rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.kesu-tile .change { font-size: 0.85rem; color: var(--theme-foreground-muted); }
/* phones: two tiles a row, not a screen of one-tile rows */
@media (max-width: 480px) { .kesu-tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem; } .kesu-tile { padding: 0.5rem 0.6rem; } .kesu-tile .value { font-size: 1.4rem; } .kesu-tile .change { font-size: 0.75rem; } }
/* A table's figure spans the column (not Framework's 640 px, nor a fixed 960 px that cut wide tables off
   on a wide screen) and scrolls sideways inside itself when the table is wider than the column: the page
   never does. */
.kesu-table { max-width: 100%; min-width: 0; overflow-x: auto; }
.kesu-table figcaption { max-width: 960px; }
.kesu-table table { font-variant-numeric: tabular-nums; max-width: none; }
.kesu-table th, .kesu-table td { white-space: nowrap; }
.kesu-table td.wrap { white-space: normal; min-width: 16rem; }
.kesu-table td.num, .kesu-table th.num { text-align: right; }
.kesu-table figcaption { display: flex; justify-content: space-between; align-items: center; font-weight: 600; margin-bottom: 0.3rem; }
.kesu-download { font-size: 0.8rem; padding: 0.15rem 0.6rem; cursor: pointer; }
.kesu-print-header { display: none; }
:root[data-kesu-lang="en"] .kesu-zh, :root:not([data-kesu-lang="en"]) .kesu-en { display: none !important; }
.kesu-header { display: flex; justify-content: space-between; align-items: center; width: 100%; }
.kesu-lang-toggle button { font: inherit; font-size: 0.8rem; padding: 0.1rem 0.6rem; border: 1px solid var(--theme-foreground-faint); background: none; cursor: pointer; }
:root:not([data-kesu-lang="en"]) .kesu-lang-toggle button[data-lang="zh"], :root[data-kesu-lang="en"] .kesu-lang-toggle button[data-lang="en"] { background: var(--theme-foreground); color: var(--theme-background); }
.kesu-filters { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: center; }
.kesu-filters form { margin: 0.3rem 0 !important; }
.kesu-empty { border: 1px dashed var(--theme-foreground-faint); border-radius: 6px; padding: 0.8rem 1rem; color: var(--theme-foreground-muted); max-width: 960px; }
.kesu-note { color: var(--theme-foreground-muted); font-size: 0.85rem; }
.kesu-tile.warn .value { text-decoration: underline double; }
.kesu-warn { color: var(--theme-foreground); border-left: 3px solid var(--theme-foreground-focus); padding-left: 0.6rem; }
@media print { .kesu-lang-toggle, .kesu-filters { display: none !important; } }
${INPUTS_CSS}
@media print {
  #observablehq-sidebar, #observablehq-sidebar-toggle, #observablehq-sidebar-backdrop, #observablehq-toc, #observablehq-header, .kesu-download, #observablehq-footer, nav { display: none !important; }
  #observablehq-center { margin: 0 !important; padding: 0 !important; }
  .kesu-print-header { display: block; border-bottom: 1px solid #000; margin-bottom: 1rem; font-size: 0.9rem; }
  /* kesu report prints the quarterly page: each numbered section starts a page, a chart or a table stays
     whole where it fits, and a heading never ends a page without what it heads. */
  section.kesu-section { break-before: page; }
  figure, table, .card, .kesu-tile { break-inside: avoid; }
  h1, h2, h3, figcaption { break-after: avoid; }
  tr { break-inside: avoid; }
  .card { box-shadow: none !important; }
}
</style>`;

/**
 * The link to the site's font stylesheet, relative to the page at `path` (/index, /quarterly/2025-Q3).
 * rel "external" tells Framework to leave the href as written (it would look for the file in the sources;
 * src/site/fonts.ts writes it into the build). A CSS @import in an inline <style> did the same job, but
 * Chromium's preload scanner now and then requested the half-read `url("../_kesu/fonts/n` as a path.
 */
function fontImport(path: string): string {
  const depth = path.split("/").length - 2;
  return `<link rel="stylesheet external" href="${depth > 0 ? "../".repeat(depth) : "./"}${FONT_STYLESHEET}">`;
}

export default {
  // kesu site builds from a root of links to reports/ in the data dir (src/site/build.ts: siteWorkDir), so
  // Framework's cache and lock never land in the checkout
  root: process.env.KESU_SITE_ROOT ?? "reports",
  output: process.env.KESU_SITE_OUT ?? "dist",
  title: TITLE,
  lang: "zh-CN", // not read by Framework 1.13.4 (see LANG below); kept for newer versions
  // The default theme links Google Fonts; the site must make no outside request.
  globalStylesheets: [],
  // No favicon ships with the site: an empty data: icon stops browsers asking the server for /favicon.ico
  // (a 404 in every page's console otherwise).
  // The site's own Noto Sans SC (src/site/fonts.ts copies it into the build): pages and the PDFs printed
  // from them look the same on every machine, with or without CJK fonts installed.
  head: ({ path }: { path: string }) => `<link rel="icon" href="data:,">${fontImport(path)}${LANG}${STYLE}`,
  header: HEADER,
  footer: FOOTER,
  // Framework's page search (an index built at build time, searched in the page: nothing leaves the site).
  // The quarter, category and branch pages are one template each, so each is indexed under its own name in
  // both languages and its code; the search box's words follow the language (LANG above).
  search: {
    async *index() {
      for (const q of QUARTERS) yield searchEntry(`/quarterly/${q}`, `${q} 季度投诉情况报告`, `${q} quarterly complaints report 季度报告 监管报送`, q);
      for (const c of CATEGORIES) {
        const [zh, en] = [labelOf("business_category", c), labelOf("business_category", c, "en")];
        yield searchEntry(`/products/${c}`, `${zh} · ${en}`, `${zh} ${en} 业务类别 business category 新发问题 emerging issues`, c);
      }
      for (const o of BRANCHES) {
        const [zh, en] = [labelOf("org", o), labelOf("org", o, "en")];
        yield searchEntry(`/branches/${o}`, `${zh} · ${en}`, `${zh} ${en} 分行记分卡 branch scorecard`, o);
      }
    },
  },
  toc: { show: true, label: TOC_LABEL },
  // The pager's "Next page" / "Previous page" captions are English-only in Framework 1.13.
  pager: false,
  pages: frameworkPages(NAV),
  dynamicPaths: [...QUARTERS.map((q) => `/quarterly/${q}`), ...CATEGORIES.map((c) => `/products/${c}`), ...BRANCHES.map((o) => `/branches/${o}`)],
};
