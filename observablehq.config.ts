// Observable Framework configuration for the kesu site. Plain data: the site is built offline (no CDN,
// no web fonts, no telemetry — see ../shared/OFFLINE.md) from the published snapshot in KESU_PUBLISH_DIR.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { publishDir as snapshotDir } from "./src/site/snapshot.ts";

// The same resolution the data loaders use (repo-relative default), so config and loaders agree.
const publishDir = snapshotDir();

/** Quarters with data, from the snapshot; none when there is no snapshot yet. */
function quarters(): string[] {
  const meta = join(publishDir, "meta.json");
  if (!existsSync(meta)) return [];
  return (JSON.parse(readFileSync(meta, "utf8")) as { quarters: string[] }).quarters;
}

// Framework 1.13 ignores a `lang` option and writes a bare <html>; set it before first paint so browsers
// pick Simplified Chinese glyphs (and screen readers the right voice).
const LANG = `<script>document.documentElement.lang = "zh-CN";</script>`;

const STYLE = `<style>
:root { --theme-foreground-focus: #1f4e79; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
.kesu-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 1rem; margin: 1rem 0; }
.kesu-tile { border: 1px solid var(--theme-foreground-faintest); border-radius: 6px; padding: 0.8rem 1rem; }
.kesu-tile h3 { margin: 0; font-size: 0.85rem; font-weight: 500; color: var(--theme-foreground-muted); }
.kesu-tile .value { font-size: 1.9rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.kesu-tile .change { font-size: 0.85rem; color: var(--theme-foreground-muted); }
.kesu-table, .kesu-table figcaption { max-width: 960px; }
.kesu-table table { font-variant-numeric: tabular-nums; max-width: none; }
.kesu-table th, .kesu-table td { white-space: nowrap; }
.kesu-table td.num, .kesu-table th.num { text-align: right; }
.kesu-table figcaption { display: flex; justify-content: space-between; align-items: center; font-weight: 600; margin-bottom: 0.3rem; }
.kesu-download { font-size: 0.8rem; padding: 0.15rem 0.6rem; cursor: pointer; }
.kesu-print-header { display: none; }
@media print {
  #observablehq-sidebar, #observablehq-sidebar-toggle, #observablehq-toc, .kesu-download, #observablehq-footer, nav { display: none !important; }
  #observablehq-center { margin: 0 !important; padding: 0 !important; }
  .kesu-print-header { display: block; border-bottom: 1px solid #000; margin-bottom: 1rem; font-size: 0.9rem; }
  section.kesu-section { break-before: page; }
  figure, table { break-inside: avoid; }
}
</style>`;

export default {
  root: "reports",
  output: process.env.KESU_SITE_OUT ?? "dist",
  title: "kesu 客诉分析",
  lang: "zh-CN", // not read by Framework 1.13.4 (see LANG below); kept for newer versions
  // The default theme links Google Fonts; the site must make no outside request.
  globalStylesheets: [],
  head: LANG + STYLE,
  footer: "kesu · 数据按受理日期（北京时间）统计；客户标识已做假名化处理，投诉内容已脱敏。",
  search: false,
  toc: { show: true, label: "本页目录" },
  // The pager's "Next page" / "Previous page" captions are English-only in Framework 1.13.
  pager: false,
  pages: [
    { name: "仪表盘", path: "/" },
    { name: "季度报告", path: "/quarterly/", pages: quarters().reverse().map((q) => ({ name: q, path: `/quarterly/${q}` })) },
    { name: "方法说明", path: "/methodology" },
  ],
  dynamicPaths: quarters().map((q) => `/quarterly/${q}`),
};
