// The US CFPB public consumer complaint database export (a bank operating in several jurisdictions, and a
// real public dataset). Copies found in the wild differ: header spellings ("Date received", date_received),
// the 18-column current layout or the 14-column early one, ISO / M/D/YYYY / MM/DD/YY / DD-MM-YYYY dates,
// multi-line quoted narratives, CRLF, the literal "None" for empty, a truncated last record.
// The export has no customer id (recurrence cannot see these complaints) and no response date: kesu's own
// clock can judge open complaints only, so the export's "Timely response?" is kept as reported_timely.
import { definePipeline } from "../src/ingest/pipeline.ts";

// Two-digit years before four-digit ones: %m/%d/%Y would read "03/04/25" as the year 25.
const CFPB_DATES = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%m/%d/%y", "%m/%d/%Y", "%d-%m-%Y"];

/** Current and retired CFPB product names → JR/T 0169 business categories. */
const PRODUCTS: Record<string, string> = {
  "Credit card or prepaid card": "credit_card",
  "Credit card": "credit_card",
  "Prepaid card": "debit_card",
  "Checking or savings account": "debit_card",
  "Bank account or service": "debit_card",
  Mortgage: "personal_loan",
  "Student loan": "personal_loan",
  "Vehicle loan or lease": "personal_loan",
  "Payday loan, title loan, or personal loan": "personal_loan",
  "Payday loan, title loan, personal loan, or advance loan": "personal_loan",
  "Consumer Loan": "personal_loan", // "Consumer loan" in the 2014–2015 exports: labels match case-insensitively
  "Payday loan": "personal_loan",
  "Debt collection": "debt_collection",
  "Debt or credit management": "debt_collection",
  "Credit reporting, credit repair services, or other personal consumer reports": "personal_info",
  "Credit reporting or other personal consumer reports": "personal_info",
  "Credit reporting": "personal_info",
  "Money transfer, virtual currency, or money service": "payment_settlement",
  "Money transfers": "payment_settlement",
  "Virtual currency": "other",
  "Other financial service": "other",
};

/** Common CFPB issues → JR/T 0169 causes; other issues stay unclassified for the narrative classifier. */
const ISSUES: Record<string, string> = {
  "Managing an account": "rules_process",
  "Closing an account": "rules_process",
  "Opening an account": "rules_process",
  "Trouble during payment process": "rules_process",
  "Loan servicing, payments, escrow account": "rules_process",
  "Struggling to pay mortgage": "rules_process",
  "Problem when making payments": "rules_process",
  "Getting a credit card": "rules_process",
  "Problem with a credit reporting company's investigation into an existing problem": "rules_process",
  "Fees or interest": "pricing_fees",
  "Unexpected or other fees": "pricing_fees",
  "Problem with a lender or other company charging your account": "pricing_fees",
  "Problem with a purchase shown on your statement": "fund_security",
  "Fraud or scam": "fund_security",
  "Incorrect information on your report": "info_security",
  "Improper use of your report": "info_security",
  "Attempts to collect debt not owed": "collection_methods",
  "Communication tactics": "collection_methods",
  "Took or threatened to take negative or legal action": "collection_methods",
  "Written notification about debt": "disclosure",
  "Advertising and marketing, including promotional offers": "marketing",
  "False statements or representation": "marketing",
  "Other features, terms, or problems": "contract_terms",
};

export const CFPB_HEADER = [
  "Date received",
  "Product",
  "Sub-product",
  "Issue",
  "Sub-issue",
  "Consumer complaint narrative",
  "Company public response",
  "Company",
  "State",
  "ZIP code",
  "Tags",
  "Consumer consent provided?",
  "Submitted via",
  "Date sent to company",
  "Company response to consumer",
  "Timely response?",
  "Consumer disputed?",
  "Complaint ID",
] as const;

/**
 * Column names of other versions of the export. The layouts themselves need no declaration (header names
 * match in any order, missing columns read as empty, extra ones are ignored): the early (2012–2015) 14-column
 * export with "Company response", Kaggle's snake_case copy (zipcode, consumer_disputed?), the 19-column one
 * with "Event tag", and today's 15 columns without narrative, consent or dispute (since 2026-08-14).
 */
export const CFPB_ALIASES = { "Company response": "Company response to consumer" } as const;

export default definePipeline({
  name: "cfpb",
  description: "美国 CFPB 消费者投诉数据库导出 (US CFPB consumer complaint database export, every layout since 2012: 14, 15, 18 and 19 columns) — UTF-8 CSV",
  sourceSystem: "cfpb",
  channels: ["regulator_transfer"],
  // Complaints reach the bank through the CFPB: a regulator transfer.
  fixedChannel: "regulator_transfer",
  // complaints.csv (today's bulk download) and Consumer_Complaints.csv (the download name for years)
  filePattern: /^(cfpb|complaints|consumer_complaints).*\.csv$/i,
  format: {
    kind: "csv",
    encoding: "utf-8",
    delimiter: ",",
    quote: '"',
    header: CFPB_HEADER,
    aliases: CFPB_ALIASES,
    nullValues: ["None", "N/A", "NA"],
  },
  fields: {
    source_id: { from: "Complaint ID" },
    // us-cfpb's clock starts when the CFPB sends the complaint to the company.
    received_at: { from: "Date sent to company", formats: CFPB_DATES },
    regulator_received_at: { from: "Date received", formats: CFPB_DATES },
    business_category: { from: "Product", values: PRODUCTS },
    cause_code: { from: "Issue", values: ISSUES, unmapped: "null" },
    narrative: { from: "Consumer complaint narrative" },
    status: {
      from: "Company response to consumer",
      values: {
        "Closed with explanation": "closed",
        "Closed with monetary relief": "closed",
        "Closed with non-monetary relief": "closed",
        "Closed with relief": "closed",
        "Closed without relief": "closed",
        Closed: "closed",
        "In progress": "in_progress",
        "Untimely response": "received",
      },
    },
    outcome: {
      from: "Company response to consumer",
      values: {
        "Closed with monetary relief": "upheld",
        "Closed with relief": "upheld",
        "Closed with non-monetary relief": "partly_upheld",
        "Closed with explanation": "rejected",
        "Closed without relief": "rejected",
      },
      unmapped: "null",
    },
    // copies loaded through BigQuery write the flag as true/false
    reported_timely: { from: "Timely response?", values: { Yes: true, No: false, true: true, false: false } },
    satisfaction: { from: "Consumer disputed?", values: { Yes: "unsatisfied" }, unmapped: "null" },
  },
  // Overseas complaints are attributed to the head office unless the bank maps states to its own units.
  constants: { is_complaint: true, org_code: "HO" },
  clockProfiles: ["us-cfpb"],
  cron: "0 6 * * 1",
});
