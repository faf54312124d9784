// The registry of pipelines: one entry per source system. Adding a channel = one file + one line here.
import type { PipelineSpec } from "../src/ingest/pipeline.ts";
import branchCounter from "./branch_counter.ts";
import cfpb from "./cfpb.ts";
import echannel from "./echannel.ts";
import governmentTransfer from "./government_transfer.ts";
import hotline from "./hotline.ts";
import letterVisit from "./letter_visit.ts";
import regulatorTransfer from "./regulator_transfer.ts";

export const PIPELINES: readonly PipelineSpec[] = [branchCounter, hotline, echannel, letterVisit, regulatorTransfer, governmentTransfer, cfpb];

export function getPipeline(name: string): PipelineSpec {
  const pipeline = PIPELINES.find((p) => p.name === name);
  if (!pipeline) {
    throw new Error(`unknown pipeline "${name}"; known pipelines: ${PIPELINES.map((p) => p.name).join(", ")}`);
  }
  return pipeline;
}
