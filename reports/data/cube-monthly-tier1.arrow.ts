// The snapshot's cube-monthly cube at its tier1 grain, as published: see cubeFile in src/site/data.ts.
import { cubeFile } from "../../src/site/data.ts";
import { publishDir, snapshotAt } from "../../src/site/snapshot.ts";

try {
  process.stdout.write(cubeFile(snapshotAt(publishDir()), "data/cube-monthly-tier1.arrow"));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
