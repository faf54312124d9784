// 监管转办: complaints the regulator (12378 hotline, NFRA and its local offices) received and forwarded.
// Judged by the NFRA decision clock and by the regulator's own 3-working-day forwarding rule.
import { transferPipeline } from "./transfer.ts";

export default transferPipeline({
  name: "regulator_transfer",
  description: "监管转办 (12378 hotline, NFRA letters) — UTF-8 CSV transfer forms",
  channel: "regulator_transfer",
  clockProfiles: ["cn-nfra-2020", "cn-regulator-forward"],
  cron: "0 * * * *",
});
