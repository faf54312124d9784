// The methodology page's data: the metric definitions and the cause-classifier rules, read from the same
// modules `kesu metrics` and the SQL models use (src/metrics/definitions.ts, src/classify/cause-rules.json),
// so the page cannot drift from the figures. Needs no snapshot.
import { CAUSES } from "../../src/codes.ts";
import { loadCauseRules } from "../../src/classify/rules.ts";
import { GROUP_LABELS, METRICS } from "../../src/metrics/definitions.ts";
import { emit } from "../../src/site/snapshot.ts";

emit(() => ({
  groups: GROUP_LABELS,
  metrics: METRICS,
  causes: CAUSES,
  cause_rules: loadCauseRules()
    .slice()
    .sort((a, b) => a.priority - b.priority || a.order - b.order)
    .map((r) => ({ id: r.id, cause_code: r.cause_code, priority: r.priority, lang: r.lang, keywords: r.keywords })),
}));
