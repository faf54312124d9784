// The data loaders run as Framework runs them (tsx, the snapshot in KESU_PUBLISH_DIR, `--quarter=…`),
// without a site build: what each writes to stdout, and how each fails.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_GROUP } from "../../src/codes.ts";
import { TINY, tinySnapshot, type TinySnapshot } from "../fixtures/tiny.ts";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(REPO, "node_modules/.bin/tsx");
// a tiny real snapshot (test/fixtures/tiny.ts)
let tiny: TinySnapshot;
let FIXTURE: string;
beforeAll(async () => {
  tiny = await tinySnapshot();
  FIXTURE = tiny.publishDir;
}, 120_000);
afterAll(() => tiny?.cleanup());

async function load(loader: string, args: string[] = [], publishDir = FIXTURE) {
  return run(TSX, [join(REPO, "reports/data", loader), ...args], {
    cwd: REPO,
    env: { ...process.env, KESU_PUBLISH_DIR: publishDir },
    maxBuffer: 16 << 20,
  });
}

type Row = Record<string, unknown> & { quarter: string; dimension: string; code: string };

describe("quarter-[quarter].json.ts", () => {
  it("emits one quarter's aggregates only, every channel row with its on-site/off-site group", async () => {
    const { stdout } = await load("quarter-[quarter].json.ts", ["--quarter=2025-Q1"]);
    const data = JSON.parse(stdout) as { quarter: string; kpi: { received: number }; by: Row[]; sla: Row[] };
    expect(data.quarter).toBe("2025-Q1");
    const kpi = JSON.parse(readFileSync(join(FIXTURE, "kpi_quarterly.json"), "utf8")) as { quarter: string; received: number }[];
    expect(data.kpi.received).toBe(kpi.find((k) => k.quarter === "2025-Q1")!.received);
    expect(new Set([...data.by, ...data.sla].map((r) => r.quarter))).toEqual(new Set(["2025-Q1"]));
    const channels = [...data.by, ...data.sla].filter((r) => r.dimension === "intake_channel");
    expect(channels.length).toBeGreaterThan(0);
    for (const r of channels) expect(r.intake_group, r.code).toBe(CHANNEL_GROUP[r.code as keyof typeof CHANNEL_GROUP]);
    // the groups' totals are what the intake_group rows say
    for (const g of data.by.filter((r) => r.dimension === "intake_group")) {
      const sum = data.by.filter((r) => r.dimension === "intake_channel" && r.intake_group === g.code).reduce((n, r) => n + Number(r.received), 0);
      expect(sum, g.code).toBe(g.received);
    }
  });

  it("fails naming the quarter when it is not in the snapshot", async () => {
    await expect(load("quarter-[quarter].json.ts", ["--quarter=1999-Q1"])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/quarter 1999-Q1 is not in the snapshot/),
    });
  });

  it("fails naming the missing file when there is no snapshot", async () => {
    await expect(load("dashboard.json.ts", [], join(REPO, "test/fixtures/no-such-snapshot"))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no-such-snapshot\/meta\.json is missing/),
    });
  });
});

describe("the product, branch and data-quality loaders", () => {
  const PHONE = "13912345678";
  let dir: string;
  beforeAll(() => {
    // the fixture snapshot with one narrative carrying a planted mobile number, as if masking had failed upstream
    dir = mkdtempSync(join(tmpdir(), "kesu-loaders-"));
    cpSync(FIXTURE, dir, { recursive: true });
    const emerging = JSON.parse(readFileSync(join(dir, "emerging_issues.json"), "utf8")) as {
      cell_type: string;
      cell_key: string;
      example_narratives: string[];
    }[];
    const flag = emerging.find((r) => r.cell_type === "business_category")!;
    flag.example_narratives = [`请回电 ${PHONE} 处理`];
    writeFileSync(join(dir, "emerging_issues.json"), JSON.stringify(emerging));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("product-[category]: that category's quarters only, narratives masked again", async () => {
    const emerging = JSON.parse(readFileSync(join(dir, "emerging_issues.json"), "utf8")) as { cell_type: string; cell_key: string }[];
    const category = emerging.find((r) => r.cell_type === "business_category")!.cell_key;
    const { stdout } = await load("product-[category].json.ts", [`--category=${category}`], dir);
    const data = JSON.parse(stdout) as { quarterly: Row[]; emerging: { example_narratives: string[] }[] };
    expect(data.quarterly.length).toBe(TINY.quarters.length);
    expect(new Set(data.quarterly.map((r) => r.code))).toEqual(new Set([category]));
    expect(stdout).not.toContain(PHONE);
    expect(data.emerging[0].example_narratives[0]).toBe("请回电 [手机号] 处理");
  });

  it("product-[category]: a category without complaints fails naming it", async () => {
    await expect(load("product-[category].json.ts", ["--category=no_such_category"], dir)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no_such_category has no complaints/),
    });
  });

  it("branch-[org]: that branch's ranks among every tier-1 branch; data-quality: totals that add up the register", async () => {
    const branch = JSON.parse((await load("branch-[org].json.ts", ["--org=BJ"], dir)).stdout) as { peers: Row[]; ranks: Row[]; received: Row[] };
    const tier1 = new Set(branch.peers.map((r) => r.org_code));
    expect(branch.received.length).toBe(TINY.quarters.length);
    expect(new Set(branch.ranks.map((r) => `${r.org_code} ${r.peer_group}`))).toEqual(new Set(["BJ all"]));
    const q3 = branch.ranks.filter((r) => r.quarter === "2025-Q3");
    expect(q3.map((r) => r.measure).sort()).toEqual([
      "breach_rate",
      "on_time_rate",
      "per_10k_customers",
      "received",
      "repeat_after_close_rate",
      "satisfaction_rate",
    ]);
    expect(q3.find((r) => r.measure === "received")!.peers).toBe(tier1.size);
    const dq = JSON.parse((await load("data-quality.json.ts", [], dir)).stdout) as {
      files: Row[];
      totals: Row[];
      pipelines: Record<string, { zh: string; en: string }>;
    };
    const all = dq.totals.find((r) => r.is_total)!;
    const sum = (key: string) => dq.files.reduce((n, f) => n + Number(f[key] ?? 0), 0);
    expect([all.files, all.rows_in, all.rows_loaded, all.rows_rejected]).toEqual([dq.files.length, sum("rows_in"), sum("rows_loaded"), sum("rows_rejected")]);
    expect(all.reject_rate).toBeCloseTo(sum("rows_rejected") / sum("rows_in"), 12);
    const hotline = dq.totals.find((r) => r.pipeline === "hotline")!;
    expect(hotline.files).toBe(dq.files.filter((f) => f.pipeline === "hotline").length);
    expect(dq.pipelines.hotline).toMatchObject({ zh: "客服热线工单", en: "95xxx hotline work orders" });
  });
});
