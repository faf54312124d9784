// One of the snapshot's cube files as published (`--cube=monthly-tier1` → data/cube-monthly-tier1.arrow): see
// cubeFile in src/site/data.ts.
import { cubeFile } from "../../src/site/data.ts";
import { argument, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

try {
  process.stdout.write(cubeFile(snapshotAt(publishDir()), `data/cube-${argument("cube")}.arrow`));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
