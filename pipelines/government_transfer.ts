// 政府转办: complaints forwarded by the 12345 government service hotline, city governments and petition
// bureaus, on the same transfer form as regulator transfers.
import { transferPipeline } from "./transfer.ts";

export default transferPipeline({
  name: "government_transfer",
  description: "政府转办 (12345 hotline, government offices) — UTF-8 CSV transfer forms",
  channel: "government_transfer",
  clockProfiles: ["cn-nfra-2020"],
  cron: "30 * * * *",
});
