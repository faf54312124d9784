// The branch ranking: see branchesData in src/site/data.ts.
import { branchesData } from "../../src/site/data.ts";
import { emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => branchesData(snapshotAt(publishDir())));
