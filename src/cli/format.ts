// Plain-text table for `kesu query` and `kesu pipelines` (wide CJK characters count as two columns).
export function formatTable(rows: Record<string, unknown>[]): string {
  if (!rows.length) return "";
  const columns = Object.keys(rows[0]);
  const cell = (value: unknown) =>
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  const width = (s: string) =>
    [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - width(s)));
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.min(60, Math.max(width(c), ...body.map((r) => width(r[i])))));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => pad(s.length > 60 ? `${s.slice(0, 57)}...` : s, widths[i]))
      .join("  ")
      .trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
