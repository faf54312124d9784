// One quarter's report data (`--quarter=2025-Q3`): see quarterData in src/site/data.ts.
import { quarterData } from "../../src/site/data.ts";
import { argument, emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => quarterData(snapshotAt(publishDir()), argument("quarter")));
