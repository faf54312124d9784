// Code lists of the canonical complaint model (docs/design.md §3–4). Every code carries a zh and an en label;
// the site and the reports read labels from here (through the published snapshot), never from literals.
//
// Business categories and causes follow JR/T 0169-2018 (银行业金融机构消费者投诉统计分类及编码); intake
// channels follow the on-site / off-site split of CBIRC Order 2020 No.3 and the banks' own rules.

export interface Label {
  zh: string;
  en: string;
}
export type CodeList<K extends string = string> = Readonly<Record<K, Label>>;

export const INTAKE_CHANNELS = {
  branch_counter: { zh: "营业网点现场", en: "Branch counter" },
  hotline: { zh: "客服热线", en: "Hotline (95xxx)" },
  online_banking: { zh: "网上银行", en: "Online banking" },
  mobile_app: { zh: "手机银行", en: "Mobile app" },
  wechat: { zh: "微信银行", en: "WeChat banking" },
  sms: { zh: "短信", en: "SMS" },
  website: { zh: "门户网站", en: "Website" },
  letter_visit: { zh: "信函/来访", en: "Letters and visits" },
  regulator_transfer: { zh: "监管转办", en: "Regulator transfer" },
  government_transfer: { zh: "政府转办", en: "Government transfer" },
  media: { zh: "媒体/网络舆情", en: "Media" },
  head_office_transfer: { zh: "上级行转办", en: "Head-office transfer" },
} as const satisfies CodeList;
export type IntakeChannel = keyof typeof INTAKE_CHANNELS;

export const INTAKE_GROUPS = {
  on_site: { zh: "现场", en: "On-site" },
  electronic: { zh: "电子渠道", en: "Electronic" },
  letter_visit: { zh: "信访", en: "Letters and visits" },
  transfer: { zh: "转办", en: "Transfers" },
} as const satisfies CodeList;
export type IntakeGroup = keyof typeof INTAKE_GROUPS;

/** Which group each channel belongs to (on-site vs the off-site groups of docs/design.md §3). */
export const CHANNEL_GROUP: Readonly<Record<IntakeChannel | "unmapped", IntakeGroup | "unmapped">> = {
  unmapped: "unmapped",
  branch_counter: "on_site",
  hotline: "electronic",
  online_banking: "electronic",
  mobile_app: "electronic",
  wechat: "electronic",
  sms: "electronic",
  website: "electronic",
  letter_visit: "letter_visit",
  regulator_transfer: "transfer",
  government_transfer: "transfer",
  media: "transfer",
  head_office_transfer: "transfer",
};

/** On-site or off-site (the regulators' split of docs/design.md §3): each intake group's side. */
export const INTAKE_SIDES = {
  on_site: { zh: "现场", en: "On-site" },
  off_site: { zh: "非现场", en: "Off-site" },
} as const satisfies CodeList;
export type IntakeSide = keyof typeof INTAKE_SIDES;
export const GROUP_SIDE: Readonly<Record<IntakeGroup | "unmapped", IntakeSide | "unmapped">> = {
  unmapped: "unmapped",
  on_site: "on_site",
  electronic: "off_site",
  letter_visit: "off_site",
  transfer: "off_site",
};

/** Groups whose complaints reached the bank itself: an escalation starts from one of these (docs/design.md §5). */
export const BANK_CHANNEL_GROUPS: readonly IntakeGroup[] = ["on_site", "electronic", "letter_visit"];
/** Channels through which a complaint escalates outside the bank: regulator, government, media. */
export const ESCALATION_CHANNELS: readonly IntakeChannel[] = ["regulator_transfer", "government_transfer", "media"];

export const BUSINESS_CATEGORIES = {
  debit_card: { zh: "借记卡", en: "Debit card" },
  credit_card: { zh: "信用卡", en: "Credit card" },
  personal_loan: { zh: "贷款(个人贷款)", en: "Personal loans" },
  payment_settlement: { zh: "支付结算", en: "Payment and settlement" },
  debt_collection: { zh: "债务催收", en: "Debt collection" },
  foreign_exchange: { zh: "外汇", en: "Foreign exchange" },
  rmb_savings: { zh: "人民币储蓄", en: "RMB savings" },
  agency: { zh: "银行代理业务", en: "Agency business" },
  wealth_management: { zh: "自营理财", en: "Wealth management" },
  precious_metals: { zh: "贵金属", en: "Precious metals" },
  personal_info: { zh: "个人金融信息", en: "Personal financial information" },
  rmb_management: { zh: "人民币管理", en: "RMB management" },
  other: { zh: "其他", en: "Other" },
} as const satisfies CodeList;
export type BusinessCategory = keyof typeof BUSINESS_CATEGORIES;

export const CAUSES = {
  service_quality: { zh: "服务态度及服务质量", en: "Service attitude and quality" },
  facilities_systems: { zh: "服务设施、设备、业务系统", en: "Facilities, equipment and systems" },
  rules_process: { zh: "管理制度、业务规则与流程", en: "Policies, rules and processes" },
  marketing: { zh: "营销方式和手段", en: "Marketing practices" },
  disclosure: { zh: "信息披露", en: "Information disclosure" },
  product_yield: { zh: "产品收益", en: "Product returns" },
  free_choice: { zh: "自主选择权", en: "Freedom of choice" },
  contract_terms: { zh: "合同条款", en: "Contract terms" },
  fund_security: { zh: "消费者资金安全", en: "Security of funds" },
  info_security: { zh: "消费者信息安全", en: "Security of personal information" },
  pricing_fees: { zh: "定价收费", en: "Pricing and fees" },
  collection_methods: { zh: "债务催收方式和手段", en: "Debt collection methods" },
  other: { zh: "其他", en: "Other" },
} as const satisfies CodeList;
export type Cause = keyof typeof CAUSES;

export const CAUSE_SOURCES = {
  provided: { zh: "来源提供", en: "Provided" },
  classified: { zh: "规则分类", en: "Classified from narrative" },
  unclassified: { zh: "未分类", en: "Unclassified" },
} as const satisfies CodeList;

export const STATUSES = {
  received: { zh: "已受理", en: "Received" },
  in_progress: { zh: "处理中", en: "In progress" },
  responded: { zh: "已答复", en: "Responded" },
  closed: { zh: "已办结", en: "Closed" },
  withdrawn: { zh: "已撤诉", en: "Withdrawn" },
  reopened: { zh: "重新处理", en: "Reopened" },
} as const satisfies CodeList;
export type Status = keyof typeof STATUSES;
/**
 * Statuses in which the bank still owes the customer a decision. An unmapped status without a decision
 * date counts as open too: judged on its clock rather than assumed decided.
 */
export const OPEN_STATUSES: readonly (Status | typeof UNMAPPED)[] = ["received", "in_progress", "reopened", "unmapped"];

export const SEVERITIES = {
  normal: { zh: "一般", en: "Normal" },
  major: { zh: "重大", en: "Major" },
  urgent: { zh: "紧急", en: "Urgent" },
} as const satisfies CodeList;
export type Severity = keyof typeof SEVERITIES;

export const OUTCOMES = {
  upheld: { zh: "支持", en: "Upheld" },
  partly_upheld: { zh: "部分支持", en: "Partly upheld" },
  rejected: { zh: "不支持", en: "Rejected" },
  withdrawn: { zh: "撤回", en: "Withdrawn" },
} as const satisfies CodeList;
export type Outcome = keyof typeof OUTCOMES;

export const SATISFACTION = {
  satisfied: { zh: "满意", en: "Satisfied" },
  neutral: { zh: "一般", en: "Neutral" },
  unsatisfied: { zh: "不满意", en: "Unsatisfied" },
  unreachable: { zh: "无法联系", en: "Unreachable" },
  not_surveyed: { zh: "未回访", en: "Not surveyed" },
} as const satisfies CodeList;
export type Satisfaction = keyof typeof SATISFACTION;

export const ORG_LEVELS = {
  head_office: { zh: "总行", en: "Head office" },
  tier1: { zh: "一级分行", en: "Tier-1 branch" },
  tier2: { zh: "二级分行", en: "Tier-2 branch" },
  sub_branch: { zh: "支行", en: "Sub-branch" },
  outlet: { zh: "网点", en: "Outlet" },
} as const satisfies CodeList;
export type OrgLevel = keyof typeof ORG_LEVELS;

/**
 * The regions of dim_org.region (the tier-1 branches' 大区): the seven geographic regions of mainland China,
 * keyed by the Chinese name the bank's org file carries, so that the site can show them in English. A
 * region not listed here shows as its own name in both languages.
 */
export const REGIONS = {
  华北: { zh: "华北", en: "North China" },
  东北: { zh: "东北", en: "Northeast China" },
  华东: { zh: "华东", en: "East China" },
  华中: { zh: "华中", en: "Central China" },
  华南: { zh: "华南", en: "South China" },
  西南: { zh: "西南", en: "Southwest China" },
  西北: { zh: "西北", en: "Northwest China" },
} as const satisfies CodeList;

/**
 * The code of a coded field whose export value no map knows, or that the export leaves empty where the
 * field is always expected (channel, category, status, org). The complaint is loaded and counted with it;
 * the raw label is kept in raw.value_issues and shown on the data-quality page. For a regulator's count
 * an unknown label is a data-quality fact, not a reason to drop the complaint.
 */
export const UNMAPPED = "unmapped";
const UNMAPPED_LABEL: Label = { zh: "未识别", en: "Unmapped" };
const withUnmapped = <T extends CodeList>(list: T) => ({ ...list, [UNMAPPED]: UNMAPPED_LABEL }) as T & { unmapped: Label };

/**
 * Every code list by the canonical column it constrains; validation and the site both read this. The
 * lists of coded fields carry `unmapped` besides the standard's codes (the constants above do not, so the
 * sample generator and the standard's tables never produce it).
 */
export const CODE_LISTS = {
  intake_channel: withUnmapped(INTAKE_CHANNELS),
  intake_group: withUnmapped(INTAKE_GROUPS),
  intake_side: withUnmapped(INTAKE_SIDES),
  business_category: withUnmapped(BUSINESS_CATEGORIES),
  cause_code: withUnmapped(CAUSES),
  cause_source: CAUSE_SOURCES,
  status: withUnmapped(STATUSES),
  severity: withUnmapped(SEVERITIES),
  outcome: withUnmapped(OUTCOMES),
  satisfaction: withUnmapped(SATISFACTION),
  org_level: ORG_LEVELS,
  // mart_region_quarterly books a complaint at no region's branch under 'unmapped'
  region: withUnmapped(REGIONS),
} as const;
export type CodeListName = keyof typeof CODE_LISTS;
