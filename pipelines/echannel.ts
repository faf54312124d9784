// 电子渠道: online banking, mobile app, WeChat, SMS and website complaints from the e-channel platform,
// exported as JSON Lines. Codes are mostly canonical already; the channel is the platform's own word.
import { definePipeline } from "../src/ingest/pipeline.ts";

const LOCAL = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"];

export default definePipeline({
  name: "echannel",
  description: "电子渠道投诉 (online banking, mobile app, WeChat, SMS, website) — JSON Lines",
  sourceSystem: "echannel",
  channels: ["online_banking", "mobile_app", "wechat", "sms", "website"],
  filePattern: /^echannel_.*\.jsonl?$/i,
  format: {
    kind: "jsonl",
    keys: [
      "id", "channel", "submitted_at", "cust_id", "org", "biz", "reason", "content", "type", "level", "state", "ack_at",
      "reply_at", "close_at", "ext", "paused", "fault", "result", "compensation", "survey", "ts",
    ],
  },
  fields: {
    source_id: { from: "id" },
    intake_channel: {
      from: "channel",
      values: { MOBILE: "mobile_app", WECHAT: "wechat", NETBANK: "online_banking", SMS: "sms", WEB: "website" },
    },
    received_at: { from: "submitted_at", formats: LOCAL },
    customer_id: { from: "cust_id" },
    org_code: { from: "org" },
    business_category: { from: "biz" },
    cause_code: { from: "reason" },
    narrative: { from: "content" },
    is_complaint: { from: "type", values: { complaint: true, suggestion: false, enquiry: false } },
    severity: { from: "level" },
    status: { from: "state" },
    acknowledged_at: { from: "ack_at", formats: LOCAL },
    responded_at: { from: "reply_at", formats: LOCAL },
    closed_at: { from: "close_at", formats: LOCAL },
    extension_level: { from: "ext" },
    paused_days: { from: "paused" },
    is_at_fault: { from: "fault", values: { true: true, false: false } },
    outcome: { from: "result" },
    redress_amount_cny: { from: "compensation" },
    satisfaction: { from: "survey" },
    updated_at: { from: "ts", formats: LOCAL },
  },
  clockProfiles: ["cn-nfra-2020", "cn-internal-investigate", "cn-internal-feedback"],
  cron: "*/30 * * * *",
});
