// The product index: each business category per quarter — volume, change, timeliness and its top cause.
import { emit, readOptionalSnapshot, readSnapshot, type Meta, type Row } from "../../src/site/snapshot.ts";

emit(() => {
  const causes = readOptionalSnapshot<Row[]>("cause_by_category_quarterly.json") ?? [];
  const topCause = new Map<string, Row>();
  for (const r of causes) {
    const key = `${r.quarter}|${r.business_category}`;
    if (r.cause_code !== "unclassified" && Number(r.complaints) > Number(topCause.get(key)?.complaints ?? -1)) topCause.set(key, r);
  }
  const sla = readSnapshot<Row[]>("sla_quarterly_by.json").filter((r) => r.dimension === "business_category");
  return {
    meta: readSnapshot<Meta>("meta.json"),
    labels: readSnapshot("labels.json"),
    categories: readSnapshot<Row[]>("received_quarterly_by.json")
      .filter((r) => r.dimension === "business_category")
      .map((r) => {
        const s = sla.find((x) => x.quarter === r.quarter && x.code === r.code);
        const top = topCause.get(`${r.quarter}|${r.code}`);
        return {
          quarter: r.quarter, code: r.code, received: r.received, share: r.share, qoq_pct: r.qoq_pct, yoy_pct: r.yoy_pct,
          breach_rate: s?.breach_rate ?? null, on_time_rate: s?.on_time_rate ?? null,
          top_cause: top?.cause_code ?? null, top_cause_share: top?.share_of_category ?? null,
        };
      }),
  };
});
