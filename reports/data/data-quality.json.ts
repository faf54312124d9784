// The data-quality page's data: see dataQualityData in src/site/data.ts.
import { dataQualityData } from "../../src/site/data.ts";
import { emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => dataQualityData(snapshotAt(publishDir())));
