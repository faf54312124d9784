// One tier-1 branch's scorecard page (`--org=BJ`): see branchData in src/site/data.ts.
import { branchData } from "../../src/site/data.ts";
import { argument, emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => branchData(snapshotAt(publishDir()), argument("org")));
