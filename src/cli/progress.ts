// Progress for long ingests on a terminal: files done, rows, rows/s. Silent when not a TTY or with --json.
import { basename } from "node:path";
import type { FileResult } from "../ingest/ingest.ts";

export function createProgress(options: { enabled: boolean; stream?: NodeJS.WriteStream }) {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  let files = 0;
  let rows = 0;
  const render = (text: string) => {
    if (options.enabled) stream.write(`\r\x1b[2K${text}`);
  };
  const status = (suffix: string) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    render(`ingest: ${files} file(s), ${rows.toLocaleString("en-US")} rows, ${rate.toLocaleString("en-US")} rows/s ${suffix}`);
  };
  return {
    phase: (event: { file: string; phase: string }) => status(`— ${basename(event.file)}: ${event.phase}`),
    file: (result: FileResult) => {
      files++;
      rows += result.status === "loaded" ? result.rows_in : 0;
      status("");
    },
    done: () => {
      if (options.enabled) stream.write("\r\x1b[2K");
    },
  };
}
