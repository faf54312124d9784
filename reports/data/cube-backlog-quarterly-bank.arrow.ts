// The snapshot's cube-backlog-quarterly cube at its bank grain, as published: see cubeFile in src/site/data.ts.
import { cubeFile } from "../../src/site/data.ts";
import { publishDir, snapshotAt } from "../../src/site/snapshot.ts";

try {
  process.stdout.write(cubeFile(snapshotAt(publishDir()), "data/cube-backlog-quarterly-bank.arrow"));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
