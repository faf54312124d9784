// Monthly complaints by intake channel as an Arrow IPC file: see receivedMonthlyArrow in src/site/data.ts.
import { receivedMonthlyArrow } from "../../src/site/data.ts";
import { publishDir, snapshotAt } from "../../src/site/snapshot.ts";

try {
  process.stdout.write(receivedMonthlyArrow(snapshotAt(publishDir())));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
