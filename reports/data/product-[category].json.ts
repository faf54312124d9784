// One business category's page data (`--category=credit_card`): see productData in src/site/data.ts.
import { productData } from "../../src/site/data.ts";
import { argument, emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => productData(snapshotAt(publishDir()), argument("category")));
