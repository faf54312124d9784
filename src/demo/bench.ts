// Large single-file exports for the ingest benchmark: the same complaint simulation and the same writers
// as `kesu demo`, streamed to disk in batches so a million rows stay memory-sane.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { IntakeChannel } from "../codes.ts";
import { simulateHandling, stateAt, type SimComplaint } from "./lifecycle.ts";
import { narrative, PII_KINDS, withPii } from "./narratives.ts";
import { OrgDirectory } from "./orgs.ts";
import { createRng, sample } from "./rng.ts";
import { BUSINESS_TABLE, CAUSE_TABLE, HANDLING, SEVERITY_TABLE } from "./shape.ts";
import { parseIsoDate, SECONDS_PER_DAY } from "./time.ts";
import { BRANCH_COUNTER, HOTLINE, type SourceWriter } from "./writers.ts";

async function writeBench(path: string, rows: number, seed: number, writer: SourceWriter, channel: IntakeChannel): Promise<void> {
  const rng = createRng(seed);
  const orgs = new OrgDirectory();
  const first = parseIsoDate("2025-01-01");
  const out = createWriteStream(path);
  const asOf = (first + 400) * SECONDS_PER_DAY;
  let written = 0;
  let header = true;
  while (written < rows) {
    const batch = [];
    for (let i = 0; i < Math.min(20_000, rows - written); i++) {
      const business = sample(rng, BUSINESS_TABLE);
      const cause = sample(rng, CAUSE_TABLE);
      const n = written + i + 1;
      const c: SimComplaint = {
        pipeline: writer.pipeline,
        channel,
        sourceId: `${writer.pipeline === "hotline" ? "HL" : "BC"}${String(n).padStart(10, "0")}`,
        customerId: `C${String(rng.int(1, rows)).padStart(8, "0")}`,
        org: writer.pipeline === "branch_counter" ? orgs.randomOutlet(rng) : orgs.randomResponsibleUnit(rng),
        business,
        cause,
        narrative: rng.chance(0.02) ? withPii(rng, narrative(rng, business, cause), rng.pick(PII_KINDS)) : narrative(rng, business, cause),
        pii: null,
        isComplaint: true,
        severity: sample(rng, SEVERITY_TABLE),
        received: (first + rng.int(0, 364)) * SECONDS_PER_DAY + rng.int(8 * 3600, 20 * 3600),
        acknowledged: null,
        responded: null,
        closed: null,
        withdrawn: null,
        reopened: null,
        reclosed: null,
        extension: 0,
        paused: 0,
        outcome: null,
        atFault: null,
        redress: null,
        satisfaction: "not_surveyed",
        regulatorReceived: null,
        forwarded: null,
        transferNo: null,
      };
      simulateHandling(rng, c, { breachRate: HANDLING.breachRate });
      batch.push(writer.cells({ c, state: stateAt(c, asOf) }));
    }
    let chunk = writer.serialise(batch, new Set());
    if (!header) chunk = chunk.subarray(chunk.indexOf(0x0a) + 1); // header once
    header = false;
    if (!out.write(chunk)) await once(out, "drain");
    written += batch.length;
  }
  out.end();
  await once(out, "finish");
}

/** A hotline work-order export of `rows` complaints (UTF-8 CSV). */
export const writeHotlineBench = (path: string, rows: number, seed = 1) => writeBench(path, rows, seed, HOTLINE, "hotline");
/** A branch-counter export of `rows` complaints (GB18030 CSV). */
export const writeBranchBench = (path: string, rows: number, seed = 1) => writeBench(path, rows, seed, BRANCH_COUNTER, "branch_counter");
