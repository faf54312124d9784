// The methodology page's data (needs no snapshot): see methodologyData in src/site/data.ts.
import { methodologyData } from "../../src/site/data.ts";
import { emit } from "../../src/site/snapshot.ts";

emit(() => methodologyData());
