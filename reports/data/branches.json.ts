// The branch ranking: the scorecard mart's tier-1 rows for every quarter (the page ranks and takes the
// median in the browser, so the quarter and measure filters need no reload).
import { emit, readOptionalSnapshot, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

emit(() => ({
  meta: readSnapshot<Meta>("meta.json"),
  labels: readSnapshot("labels.json"),
  scorecard: readOptionalSnapshot<Row[]>("org_scorecard_quarterly.json")?.filter((r) => r.org_level === "tier1") ?? null,
}));
