// Tables with a CSV download: what a regulator or analyst takes away. The CSV is UTF-8 with a BOM so that
// Excel opens the Chinese labels correctly; it is built in the page, nothing is fetched.
import { html } from "htl";
import { fmtChange, fmtInt, fmtPct, label as codeLabel } from "./format.js";

// One rule for every number a CSV carries (issue 19): a number is written as a number, never as "29.1%"
// or with thousands separators; each unit has a fixed number of decimals. Rates, shares and changes are
// fractions (0.2914 = 29.14%) with 4 decimals, counts whole, days 1 decimal, CNY 2 decimals, other ratios
// (per 10,000 customers, lifts) `decimals` (default 2). The same `unit` formats the screen cell.

/** A number's CSV text with its decimals: written as it is (no formula guard, no quotes). */
class CsvNumber {
  constructor(text) {
    this.text = /^-0(\.0*)?$/.test(text) ? text.slice(1) : text; // -0.00001 → "0.0000", not "-0.0000"
  }
  toString() {
    return this.text;
  }
}
export const UNITS = {
  count: { decimals: 0, screen: () => fmtInt },
  rate: { decimals: 4, screen: () => fmtPct },
  change: { decimals: 4, screen: () => fmtChange },
  days: { decimals: 1, screen: (_d, lang) => (v) => (lang === "en" ? `${v.toFixed(1)} days` : `${v.toFixed(1)} 天`) },
  cny: { decimals: 2, screen: () => fmtInt },
  number: { decimals: 2, screen: (d) => (v) => v.toLocaleString("zh-CN", { minimumFractionDigits: d, maximumFractionDigits: d }) },
};
// `unit` and `decimals` may be functions of the row, for a table whose rows are different measures
const resolve = (x, row) => (typeof x === "function" ? x(row) : x);
function unitOf(c, row) {
  const name = resolve(c.unit, row);
  if (!name) return null;
  const unit = UNITS[name];
  if (!unit) throw new Error(`unknown unit ${name}`);
  return { ...unit, decimals: name === "number" ? (resolve(c.decimals, row) ?? unit.decimals) : unit.decimals };
}

/** The header of a code column's CSV twin: "业务类别" → "业务类别代码", "Business category" → "Business category code". */
export function codeHeader(header, lang) {
  return lang === "en" ? `${header} code` : `${header}代码`;
}

/**
 * The CSV columns of a table's columns. A column may declare
 * - `unit` ("count" | "rate" | "change" | "days" | "cny" | "number", with `decimals`): screen format and CSV number;
 * - `code` (a code list of labels.json, e.g. "business_category"): the screen and the CSV show the label in
 *   the page's language and the CSV adds the raw code in a column of its own ("业务类别代码");
 * - `also` ([{label, csv(row), unit?}]): CSV-only columns, e.g. the rank a header "超时率（排名）" names;
 * - `csv(row)`: the CSV value when none of the above says it (`csv: false` leaves the column out).
 */
/** @param {any[]} columns @param {{labels?: any, lang?: string}} [options] */
export function csvColumns(columns, { labels, lang = "zh" } = {}) {
  return columns.flatMap((c) => {
    if (c.csv === false) return [];
    const own = { label: c.label, value: csvValue(c, { labels, lang }) };
    const code = c.code ? [{ label: codeHeader(c.label, lang), value: (row) => row[c.key] ?? null }] : [];
    const also = (c.also ?? []).map((a) => ({ label: a.label, value: (row) => unitValue(a, a.csv ? a.csv(row) : row[a.key], row) }));
    return [own, ...code, ...also];
  });
}

function unitValue(c, value, row) {
  const unit = unitOf(c, row);
  if (!unit || value == null) return value;
  return typeof value === "number" && Number.isFinite(value) ? new CsvNumber(value.toFixed(unit.decimals)) : null;
}

function csvValue(c, { labels, lang }) {
  if (typeof c.csv === "function") return (row) => unitValue(c, c.csv(row), row);
  if (c.code) return (row) => (row[c.key] == null ? null : codeLabel(labels, c.code, row[c.key], lang));
  return (row) => unitValue(c, row[c.key], row);
}

/** What a screen cell shows: the column's format, else its unit's or code list's, else the value. */
/** @param {any} c @param {any} row @param {{labels?: any, lang?: string}} [options] */
export function screenValue(c, row, { labels, lang = "zh" } = {}) {
  const value = row[c.key];
  if (c.format) return c.format(value, row);
  const unit = unitOf(c, row);
  if (unit) return typeof value === "number" && Number.isFinite(value) ? unit.screen(unit.decimals, lang)(value) : "—";
  if (c.code) return value == null ? "—" : codeLabel(labels, c.code, value, lang);
  return value ?? "—";
}

// A text cell that a spreadsheet would read as a formula (= + - @, or a leading TAB or CR) gets a leading
// apostrophe (OWASP's rule for CSV injection): narratives, org names and file names come from exports,
// and a cell like =HYPERLINK(…) must open as text. Numbers are written as they are.
export function csvCell(value) {
  let text = value == null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text of rows for the given columns (see csvColumns; `labels` and `lang` name the code columns' labels). */
export function toCsv(rows, columns, options = {}) {
  const out = csvColumns(columns, options);
  const lines = [out.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) lines.push(out.map((c) => csvCell(c.value(row))).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

export function downloadButton(rows, columns, filename, options = {}) {
  const button = html`<button class="kesu-download" type="button"><span class="kesu-zh">下载 CSV</span><span class="kesu-en">Download CSV</span></button>`;
  button.onclick = () => {
    const url = URL.createObjectURL(new Blob([toCsv(rows, columns, options)], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return button;
}

/**
 * A table with a caption and a download button. Columns: {key, label, unit?, code?, also?, format?(value, row),
 * csv?(row), align?, wrap?} (see csvColumns). Numbers are right-aligned (a column with a `unit` is, unless
 * `align` says otherwise); `wrap` lets a long text column break lines. `labels` and `lang` are those of the
 * page, for `code` columns. The file name names the page, its parameter and the table (kesu-quarterly-2025-Q3-t2-…).
 */
export function dataTable(rows, columns, { caption, filename, labels, lang = "zh" }) {
  const options = { labels, lang };
  const cls = (c) => ((c.align ?? (c.unit ? "right" : undefined)) === "right" ? "num" : c.wrap ? "wrap" : "");
  return html`<figure class="kesu-table">
    <figcaption><span>${caption}</span>${downloadButton(rows, columns, filename, options)}</figcaption>
    <table>
      <thead><tr>${columns.map((c) => html`<th class=${cls(c) === "num" ? "num" : ""}>${c.label}</th>`)}</tr></thead>
      <tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td class=${cls(c)}>${screenValue(c, row, options)}</td>`)}</tr>`)}</tbody>
    </table>
  </figure>`;
}
