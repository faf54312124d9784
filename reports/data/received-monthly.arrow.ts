// Monthly complaints by intake channel as an Arrow IPC file: the dashboard's largest series travels to the
// browser as compact columns (apache-arrow) instead of repeated JSON keys.
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { readSnapshot } from "../../src/site/snapshot.ts";

try {
  const rows = readSnapshot<{ month: string; quarter: string; intake_channel: string; received: number }[]>("received_monthly.json");
  const table = tableFromArrays({
    month: rows.map((r) => r.month),
    quarter: rows.map((r) => r.quarter),
    intake_channel: rows.map((r) => r.intake_channel),
    received: Int32Array.from(rows.map((r) => r.received)),
  });
  process.stdout.write(tableToIPC(table, "file"));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
