// The sample generator: deterministic, in the documented export formats, with the real world's shape and
// its planted signals visible in the files themselves (read back here with csv-parse / JSON.parse).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSample, type DemoResult } from "../../src/demo/index.ts";
import { ECHANNEL, HOTLINE, BRANCH_COUNTER } from "../../src/demo/writers.ts";
import branchCounter from "../../pipelines/branch_counter.ts";
import hotline from "../../pipelines/hotline.ts";
import echannel from "../../pipelines/echannel.ts";
import type { PipelineSpec } from "../../src/ingest/pipeline.ts";

/** The columns (CSV) or keys (JSON Lines) a pipeline declares. */
const headerOf = (p: PipelineSpec) => (p.format.kind === "csv" ? p.format.header : p.format.keys);

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "kesu-demo-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const hashes = (dir: string, result: DemoResult) =>
  Object.fromEntries(
    [...result.files, "reference/dim_org.csv", result.signalsFile].map((f) => [
      f,
      createHash("sha256")
        .update(readFileSync(join(dir, f)))
        .digest("hex"),
    ]),
  );

const OPTIONS = { seed: 11, complaints: 20_000, from: "2024-10-01", to: "2026-09-30" };
let dir: string;
let result: DemoResult;
let signals: any;

function readRows(file: string): Record<string, unknown>[] {
  const bytes = readFileSync(join(dir, file));
  if (file.endsWith(".jsonl"))
    return bytes
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return {};
        }
      });
  const text = file.includes("branch_counter") ? new TextDecoder("gb18030").decode(bytes) : bytes.toString("utf8");
  return parse(text, { columns: true });
}

beforeAll(async () => {
  dir = fresh();
  result = await generateSample({ ...OPTIONS, dataDir: dir });
  signals = JSON.parse(readFileSync(join(dir, result.signalsFile), "utf8"));
});

describe("determinism", () => {
  it("same options → byte-identical files; another seed → different files", async () => {
    const again = fresh();
    const second = await generateSample({ ...OPTIONS, dataDir: again });
    expect(hashes(again, second)).toEqual(hashes(dir, result));
    const other = fresh();
    const third = await generateSample({ ...OPTIONS, seed: 12, dataDir: other });
    const a = hashes(dir, result);
    const b = hashes(other, third);
    expect(Object.keys(b).filter((f) => f.startsWith("inbox/") && a[f] === b[f])).toEqual([]);
  });
});

describe("export formats", () => {
  it("writes one file per source per month over ≥ 8 quarters", () => {
    for (const p of ["branch_counter", "hotline", "echannel"]) expect(result.files.filter((f) => f.includes(`/${p}/`)).length).toBe(24);
  });

  it("branch exports are GB18030 with the Chinese header, CRLF, slash dates without padding", () => {
    const bytes = readFileSync(join(dir, "inbox/branch_counter/branch_counter_202503.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // not UTF-8
    const text = new TextDecoder("gb18030").decode(bytes);
    expect(text.split("\r\n")[0]).toBe(BRANCH_COUNTER.header.join(","));
    expect(BRANCH_COUNTER.header).toEqual(headerOf(branchCounter));
    expect(text).toMatch(/,2025\/3\/\d{1,2} \d{1,2}:\d\d,/);
  });

  it("hotline and e-channel exports carry the documented header and keys", () => {
    const hl = readFileSync(join(dir, "inbox/hotline/hotline_202503.csv"), "utf8");
    expect(hl.split("\n")[0]).toBe(headerOf(hotline).join(","));
    expect(HOTLINE.header).toEqual(headerOf(hotline));
    const first = JSON.parse(readFileSync(join(dir, "inbox/echannel/echannel_202503.jsonl"), "utf8").split("\n")[0]);
    expect(Object.keys(first)).toEqual(headerOf(echannel));
    expect(ECHANNEL.header).toEqual(headerOf(echannel));
  });

  it("every file's data rows match signals.json, and each bad row sits on its recorded line", () => {
    for (const f of signals.files) {
      const text = f.file.endsWith(".jsonl") ? readFileSync(join(dir, f.file), "utf8") : null;
      const rows = text ? text.split("\n").filter(Boolean).length : readRows(f.file).length;
      expect(rows, f.file).toBe(f.rows);
    }
    const sample = signals.bad_rows.filter((b: any) => b.file.includes("hotline") && b.column === "product").slice(0, 5);
    for (const bad of sample) {
      const line = readFileSync(join(dir, bad.file), "utf8").split("\n")[bad.line - 1];
      expect(line.split(",")[4], bad.file).toBe("XYZ");
    }
    expect(signals.bad_rows.length).toBeGreaterThan(0);
  });
});

describe("shape", () => {
  it("business categories and causes follow the published shares (±3 points)", () => {
    const counts = new Map<string, number>();
    let n = 0;
    for (const f of result.files.filter((x) => x.includes("/echannel/"))) {
      for (const r of readRows(f)) {
        if (!r.biz) continue;
        counts.set(r.biz as string, (counts.get(r.biz as string) ?? 0) + 1);
        n++;
      }
    }
    expect(counts.get("personal_loan")! / n).toBeGreaterThan(0.54);
    expect(counts.get("personal_loan")! / n).toBeLessThan(0.6);
    expect(counts.get("credit_card")! / n).toBeGreaterThan(0.27);
    expect(counts.get("credit_card")! / n).toBeLessThan(0.34);
  });

  it("the outage spike stands out in the mobile-app daily counts read from the files", () => {
    const perDay = new Map<string, Set<string>>();
    for (const f of result.files.filter((x) => x.includes("/echannel/"))) {
      for (const r of readRows(f)) {
        if (r.channel !== "MOBILE" || typeof r.submitted_at !== "string") continue;
        const day = r.submitted_at.slice(0, 10);
        if (!perDay.has(day)) perDay.set(day, new Set());
        perDay.get(day)!.add(r.id as string);
      }
    }
    const counts = [...perDay.values()].map((s) => s.size).sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)];
    for (const day of signals.outage_spike.days) expect(perDay.get(day)!.size, day).toBeGreaterThan(3 * median);
  });

  it("Spring Festival 2026 days are quieter than ordinary working days at the branch counters", () => {
    const perDay = new Map<string, number>();
    for (const f of result.files.filter((x) => x.includes("/branch_counter/"))) {
      for (const r of readRows(f)) {
        const d = String(r.受理时间 ?? "").split(" ")[0];
        perDay.set(d, (perDay.get(d) ?? 0) + 1);
      }
    }
    const festival = ["2026/2/16", "2026/2/17", "2026/2/18"].map((d) => perDay.get(d) ?? 0);
    const ordinary = ["2026/3/10", "2026/3/11", "2026/3/12"].map((d) => perDay.get(d) ?? 0);
    expect(festival.reduce((a, b) => a + b)).toBeLessThan(0.5 * ordinary.reduce((a, b) => a + b));
  });
});
