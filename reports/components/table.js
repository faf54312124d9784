// Tables with a CSV download: what a regulator or analyst takes away. The CSV is UTF-8 with a BOM so that
// Excel opens the Chinese labels correctly; it is built in the page, nothing is fetched.
import { html } from "htl";

// A text cell that a spreadsheet would read as a formula (= + - @, or a leading TAB or CR) gets a leading
// apostrophe (OWASP's rule for CSV injection): narratives, org names and file names come from exports,
// and a cell like =HYPERLINK(…) must open as text. Numbers are written as they are.
export function csvCell(value) {
  let text = value == null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text of rows for the given columns ({key, label, csv?}). */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.csv ? c.csv(row) : row[c.key])).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

export function downloadButton(rows, columns, filename) {
  const button = html`<button class="kesu-download" type="button"><span class="kesu-zh">下载 CSV</span><span class="kesu-en">Download CSV</span></button>`;
  button.onclick = () => {
    const url = URL.createObjectURL(new Blob([toCsv(rows, columns)], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return button;
}

/**
 * A table with a caption and a download button. Columns: {key, label, format?(value, row), csv?(row),
 * align?, wrap?}. Numbers are right-aligned; `wrap` lets a long text column break lines.
 */
export function dataTable(rows, columns, { caption, filename }) {
  return html`<figure class="kesu-table">
    <figcaption><span>${caption}</span>${downloadButton(rows, columns, filename)}</figcaption>
    <table>
      <thead><tr>${columns.map((c) => html`<th class=${c.align === "right" ? "num" : ""}>${c.label}</th>`)}</tr></thead>
      <tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td class=${c.align === "right" ? "num" : c.wrap ? "wrap" : ""}>${c.format ? c.format(row[c.key], row) : (row[c.key] ?? "—")}</td>`)}</tr>`)}</tbody>
    </table>
  </figure>`;
}
