// The methodology page's loader (reports/data/methodology.json.ts) run as Framework runs it: it emits the
// definitions, the clock profiles and the cause rules from their modules, and needs no snapshot.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadCauseRules } from "../../src/classify/rules.ts";
import { PROFILES } from "../../src/clock/profiles.ts";
import { METRICS } from "../../src/metrics/definitions.ts";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));

describe("reports/data/methodology.json.ts", () => {
  it("emits every definition, clock profile and cause rule, with no snapshot present", async () => {
    const { stdout } = await run(join(REPO, "node_modules/.bin/tsx"), [join(REPO, "reports/data/methodology.json.ts")], {
      cwd: REPO,
      env: { ...process.env, KESU_PUBLISH_DIR: join(REPO, "test/fixtures/no-such-snapshot") },
      maxBuffer: 16 << 20,
    });
    const data = JSON.parse(stdout);
    expect(data.metrics.map((m: { id: string }) => m.id)).toEqual(METRICS.map((m) => m.id));
    expect(data.clock_profiles.map((p: { id: string }) => p.id)).toEqual(Object.keys(PROFILES));
    expect(data.clock_profiles.find((p: { id: string }) => p.id === "uk-fca").payment_services).toMatchObject({
      allowed: 15,
      extensions: [35],
      business_days: "mon_to_fri",
    });
    // rules in the order they are applied: by priority, then file order
    const priorities = data.cause_rules.map((r: { priority: number }) => r.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(data.cause_rules).toHaveLength(loadCauseRules().length);
  });
});
