// The quarter list: see quartersData in src/site/data.ts.
import { quartersData } from "../../src/site/data.ts";
import { emit, publishDir, snapshotAt } from "../../src/site/snapshot.ts";

emit(() => quartersData(snapshotAt(publishDir())));
