// A bank's own keyword rules (causeRulesPath / KESU_CAUSE_RULES) replace the built-in ones in `kesu build`.
// Fixture narratives (test/fixtures/ingest): HL2 "贷款利率调整未告知…" and BC4 "提前还款手续繁琐…" come
// without a cause; HL1 has one provided.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import { loadConfig } from "../../src/config/config.ts";
import { all, withWarehouse } from "../../src/db/warehouse.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { buildWarehouse } from "../../src/publish/build.ts";
import { tempDataDir } from "../helpers.ts";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function buildWith(rules: unknown) {
  const env = tempDataDir("ingest");
  cleanup = env.cleanup;
  const rulesPath = join(env.dir, "bank-rules.json");
  writeFileSync(rulesPath, JSON.stringify(rules));
  const config = loadConfig({ dataDir: env.dir, demo: true, env: { KESU_CAUSE_RULES: rulesPath } });
  expect(config.causeRulesPath).toBe(rulesPath);
  return withWarehouse(config.warehousePath, { timezone: config.timezone }, async (w) => {
    await ingest(w.connection, { config, pipelines: PIPELINES });
    await buildWarehouse(w.connection, config, PIPELINES);
    return all<{ key: string; source: string; cause: string | null }>(
      w.connection,
      "select source_id as key, cause_source as source, cause_code as cause from complaints where source_id in ('HL1', 'HL2', 'BC4') order by source_id",
    );
  });
}

describe("a bank's cause rules file", () => {
  it("replaces the built-in rules: its rule classifies, what it does not cover stays unclassified", async () => {
    const rows = await buildWith({
      version: "bank-2026",
      rules: [{ id: "bank.disclosure", cause_code: "disclosure", priority: 1, lang: "zh", keywords: ["未告知"] }],
    });
    expect(rows).toEqual([
      { key: "BC4", source: "unclassified", cause: null },
      { key: "HL1", source: "provided", cause: "pricing_fees" },
      { key: "HL2", source: "classified", cause: "disclosure" },
    ]);
  });

  it("is validated: an unknown cause code fails the build naming the file", async () => {
    await expect(buildWith({ version: "x", rules: [{ id: "r", cause_code: "no_such_cause", priority: 1, lang: "zh", keywords: ["未告知"] }] })).rejects.toThrow(
      /bank-rules\.json.*no_such_cause|no_such_cause.*bank-rules\.json/s,
    );
  });
});
