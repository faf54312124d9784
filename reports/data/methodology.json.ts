// The methodology page's data: the metric definitions and the cause-classifier rules, read from the same
// modules `kesu metrics` and the SQL models use (src/metrics/definitions.ts, src/classify/cause-rules.json),
// so the page cannot drift from the figures. Needs no snapshot.
import { CAUSES } from "../../src/codes.ts";
import { loadCauseRules } from "../../src/classify/rules.ts";
import { AT_RISK_FRACTION, PROFILES, type ClockRule } from "../../src/clock/profiles.ts";
import { GROUP_LABELS, METRICS } from "../../src/metrics/definitions.ts";
import { emit } from "../../src/site/snapshot.ts";

const rule = (r: ClockRule) => ({
  allowed: r.allowed,
  extensions: r.extensions,
  unit: r.unit,
  count_start_day: r.countStartDay,
  roll_to_working_day: r.rollToWorkingDay,
  exclude_paused_days: r.excludePausedDays,
  business_days: r.businessDays,
  source: r.source,
});

emit(() => ({
  at_risk_fraction: AT_RISK_FRACTION,
  clock_profiles: Object.values(PROFILES).map((p) => ({
    id: p.id,
    name: { zh: p.name_zh, en: p.name_en },
    start: p.start,
    notes: p.notes,
    ...rule(p),
    payment_services: p.paymentServices ? rule(p.paymentServices) : null,
  })),
  groups: GROUP_LABELS,
  metrics: METRICS,
  causes: CAUSES,
  cause_rules: loadCauseRules()
    .slice()
    .sort((a, b) => a.priority - b.priority || a.order - b.order)
    .map((r) => ({ id: r.id, cause_code: r.cause_code, priority: r.priority, lang: r.lang, keywords: r.keywords })),
}));
