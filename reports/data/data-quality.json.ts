// The data-quality page's data: every file seen, the rejects by pipeline × column × reason (masked
// examples only, see src/publish/data_quality.ts), and the scheduler's job runs once it publishes them.
import { PIPELINES } from "../../pipelines/index.ts";
import { emit, readOptionalSnapshot, readSnapshot, type Meta } from "../../src/site/snapshot.ts";

/** "客服热线工单 (95xxx hotline work orders) — UTF-8 CSV" → zh and en names of the source system and its format. */
function pipelineLabel(description: string): { zh: string; en: string; format: string } {
  const [names, format = ""] = description.split(" — ");
  const match = /^(.*?) \((.*)\)$/.exec(names.trim());
  if (match && /\p{Script=Han}/u.test(match[1])) return { zh: match[1], en: match[2], format };
  return { zh: names, en: names, format };
}

emit(() => ({
  meta: readSnapshot<Meta>("meta.json"),
  labels: readSnapshot("labels.json"),
  pipelines: Object.fromEntries(PIPELINES.map((p) => [p.name, { ...pipelineLabel(p.description), channels: p.channels }])),
  files: readOptionalSnapshot("data_quality_files.json"),
  rejects: readOptionalSnapshot("data_quality_rejects.json"),
  job_runs: readOptionalSnapshot("job_runs.json"),
}));
