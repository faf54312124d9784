// The canonical complaint (docs/design.md §4): the one shape every channel's export is mapped onto.
import { CODE_LISTS, type CodeListName } from "./codes.ts";

export type FieldType = "text" | "code" | "timestamp" | "integer" | "decimal" | "boolean";

export interface CanonicalField {
  type: FieldType;
  /** DuckDB column type in raw.complaint_versions. */
  sqlType: string;
  /** The code list a `code` field is checked against. */
  codeList?: CodeListName;
  /** A row without it (or with a value that cannot be read) is rejected: it cannot be a complaint. */
  required?: boolean;
  /**
   * Never empty: a missing or unknown value loads as `unmapped` (is_complaint: as a complaint), with the
   * raw value kept in raw.value_issues, so the complaint is counted and the defect shown.
   */
  always?: boolean;
  min?: number;
  max?: number;
}

/**
 * Fields a pipeline maps from its export. Derived columns (complaint_key, intake_group, received_date,
 * customer_ref, cause_source, lineage) are computed by the engine, never read from a file.
 */
export const CANONICAL_FIELDS = {
  source_id: { type: "text", sqlType: "VARCHAR", required: true },
  intake_channel: { type: "code", sqlType: "VARCHAR", codeList: "intake_channel", always: true },
  received_at: { type: "timestamp", sqlType: "TIMESTAMP", required: true },
  /**
   * The customer's id as exported; it never reaches the warehouse (pseudonymised at the door). Optional:
   * anonymous comment-book entries and public exports (CFPB) carry none, and then recurrence cannot see them.
   */
  customer_id: { type: "text", sqlType: "VARCHAR" },
  org_code: { type: "text", sqlType: "VARCHAR", always: true },
  business_category: { type: "code", sqlType: "VARCHAR", codeList: "business_category", always: true },
  cause_code: { type: "code", sqlType: "VARCHAR", codeList: "cause_code" },
  narrative: { type: "text", sqlType: "VARCHAR" },
  is_complaint: { type: "boolean", sqlType: "BOOLEAN", always: true },
  severity: { type: "code", sqlType: "VARCHAR", codeList: "severity" },
  status: { type: "code", sqlType: "VARCHAR", codeList: "status", always: true },
  acknowledged_at: { type: "timestamp", sqlType: "TIMESTAMP" },
  responded_at: { type: "timestamp", sqlType: "TIMESTAMP" },
  closed_at: { type: "timestamp", sqlType: "TIMESTAMP" },
  extension_level: { type: "integer", sqlType: "INTEGER", min: 0, max: 2 },
  paused_days: { type: "integer", sqlType: "INTEGER", min: 0, max: 365 },
  is_at_fault: { type: "boolean", sqlType: "BOOLEAN" },
  outcome: { type: "code", sqlType: "VARCHAR", codeList: "outcome" },
  redress_amount_cny: { type: "decimal", sqlType: "DECIMAL(18,2)", min: 0 },
  satisfaction: { type: "code", sqlType: "VARCHAR", codeList: "satisfaction" },
  regulator_received_at: { type: "timestamp", sqlType: "TIMESTAMP" },
  forwarded_at: { type: "timestamp", sqlType: "TIMESTAMP" },
  /**
   * The export's own history shows a reopening (the hotline's status history "…;REOPENED@…;CLOSED@…"): a
   * complaint reopened and closed again between two exports shows no reopened state in either.
   */
  reopened_in_history: { type: "boolean", sqlType: "BOOLEAN" },
  /** The source's own verdict on timeliness where it reports one (CFPB "Timely response?"), kept beside kesu's. */
  reported_timely: { type: "boolean", sqlType: "BOOLEAN" },
  /** When the exporting system last changed this complaint; latest wins. */
  updated_at: { type: "timestamp", sqlType: "TIMESTAMP" },
} as const satisfies Record<string, CanonicalField>;

export type CanonicalFieldName = keyof typeof CANONICAL_FIELDS;

export function codesOf(list: CodeListName): string[] {
  return Object.keys(CODE_LISTS[list]);
}
