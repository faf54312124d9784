// The product index: see productsData in src/site/data.ts.
import { productsData } from "../../src/site/data.ts";
import { emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => productsData(snapshotAt(publishDir())));
