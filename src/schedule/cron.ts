// The production cron engine: node-cron 4, in the bank's timezone. node-cron 4 computes next run times
// itself (ScheduledTask.getNextRuns), so `kesu schedule --list` needs no second cron library.
import cron from "node-cron";
import type { CronEngine, CronHandle } from "./scheduler.ts";

export class CronExpressionError extends Error {
  override name = "CronExpressionError";
}

export function checkCron(name: string, expression: string): void {
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const reasons = check.errors.map((e) => `${e.field}${e.value === undefined ? "" : ` "${e.value}"`}: ${e.message}`).join("; ");
    throw new CronExpressionError(`job ${name}: invalid cron expression "${expression}" (${reasons})`);
  }
}

export const nodeCronEngine: CronEngine = {
  create(name, expression, timezone, fire): CronHandle {
    checkCron(name, expression);
    // The callback only queues the job and returns, so node-cron's own noOverlap never sees a long run;
    // the scheduler's queue is what keeps a job from overlapping itself. noOverlap stays on as a backstop.
    const task = cron.createTask(expression, () => fire(), { name, timezone, noOverlap: true });
    return {
      start: () => void task.start(),
      stop: () => void task.destroy(),
      nextRuns: (count) => task.getNextRuns(count),
    };
  },
};
