// The dashboard's data: see dashboardData in src/site/data.ts.
import { dashboardData } from "../../src/site/data.ts";
import { emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => dashboardData(snapshotAt(publishDir())));
