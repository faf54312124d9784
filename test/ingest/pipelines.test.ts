// Pipeline declarations are checked before any file is read: a bad mapping fails at once.
import { describe, expect, it } from "vitest";
import { PIPELINES } from "../../pipelines/index.ts";
import hotline from "../../pipelines/hotline.ts";
import { PipelineDefinitionError, validatePipeline } from "../../src/ingest/mapping.ts";

describe("validatePipeline", () => {
  it("accepts every shipped pipeline", () => {
    for (const pipeline of PIPELINES) expect(() => validatePipeline(pipeline)).not.toThrow();
  });

  it("rejects a value map onto a code that does not exist", () => {
    const bad = { ...hotline, fields: { ...hotline.fields, severity: { from: "priority", values: { P1: "critical" } } } };
    expect(() => validatePipeline(bad)).toThrow(PipelineDefinitionError);
    expect(() => validatePipeline(bad)).toThrow(/"P1" → "critical" is not a severity code/);
  });

  it("rejects a mapping from a column the export does not have", () => {
    const bad = { ...hotline, fields: { ...hotline.fields, narrative: { from: "desc" } } };
    expect(() => validatePipeline(bad)).toThrow(/maps from "desc"/);
  });

  it("rejects an unmapped required field and an invalid cron", () => {
    const { received_at: _dropped, ...rest } = hotline.fields;
    expect(() => validatePipeline({ ...hotline, fields: rest })).toThrow(/field received_at is not mapped/);
    expect(() => validatePipeline({ ...hotline, cron: "every 15 minutes" })).toThrow(/not a valid cron/);
  });
});
