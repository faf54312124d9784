// The case list's data: see casesData in src/site/data.ts.
import { casesData } from "../../src/site/data.ts";
import { emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => casesData(snapshotAt(publishDir())));
