// 客服热线 (95xxx): the call-centre work-order system's export. UTF-8, ISO timestamps with offsets,
// its own status words and product codes, and a status history column kept for audit.
import { definePipeline } from "../src/ingest/pipeline.ts";

const ISO = ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"];

export default definePipeline({
  name: "hotline",
  description: "客服热线工单 (95xxx hotline work orders) — UTF-8 CSV",
  sourceSystem: "hotline",
  channels: ["hotline"],
  fixedChannel: "hotline",
  filePattern: /^hotline_.*\.csv$/i,
  format: {
    kind: "csv",
    encoding: "utf-8",
    delimiter: ",",
    quote: '"',
    header: [
      "ticket_id", "created_at", "customer_no", "org_code", "product", "category", "description", "ticket_type",
      "priority", "status", "status_history", "acknowledged_at", "responded_at", "closed_at", "extension_level",
      "paused_days", "at_fault", "outcome", "redress_amount", "satisfaction", "updated_at",
    ],
  },
  fields: {
    source_id: { from: "ticket_id" },
    received_at: { from: "created_at", formats: ISO },
    customer_id: { from: "customer_no" },
    org_code: { from: "org_code" },
    business_category: {
      from: "product",
      values: {
        DC: "debit_card", CC: "credit_card", LOAN: "personal_loan", PAY: "payment_settlement", COLL: "debt_collection",
        FX: "foreign_exchange", SAV: "rmb_savings", AGY: "agency", WM: "wealth_management", PM: "precious_metals",
        PINFO: "personal_info", RMB: "rmb_management", OTH: "other",
      },
    },
    cause_code: { from: "category" },
    narrative: { from: "description" },
    is_complaint: { from: "ticket_type", values: { COMPLAINT: true, ENQUIRY: false, SUGGESTION: false } },
    severity: { from: "priority", values: { P3: "normal", P2: "major", P1: "urgent" } },
    status: {
      from: "status",
      values: {
        NEW: "received", ASSIGNED: "in_progress", REPLIED: "responded", CLOSED: "closed", CANCELLED: "withdrawn",
        REOPENED: "reopened",
      },
    },
    acknowledged_at: { from: "acknowledged_at", formats: ISO },
    responded_at: { from: "responded_at", formats: ISO },
    closed_at: { from: "closed_at", formats: ISO },
    extension_level: { from: "extension_level" },
    paused_days: { from: "paused_days" },
    is_at_fault: { from: "at_fault", values: { Y: true, N: false } },
    outcome: {
      from: "outcome",
      values: { UPHELD: "upheld", PARTLY_UPHELD: "partly_upheld", REJECTED: "rejected", WITHDRAWN: "withdrawn" },
    },
    redress_amount_cny: { from: "redress_amount" },
    // The survey system's numeric codes; an empty cell means the customer was not surveyed.
    satisfaction: { from: "satisfaction", values: { "1": "satisfied", "2": "neutral", "3": "unsatisfied", "9": "unreachable" } },
    updated_at: { from: "updated_at", formats: ISO },
  },
  clockProfiles: ["cn-nfra-2020", "cn-internal-investigate", "cn-internal-feedback"],
  cron: "*/15 * * * *",
});
