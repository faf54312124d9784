// Reject and value-issue reasons in Chinese (issue 19). The warehouse keeps each reason as ingest wrote it,
// in English (src/ingest/mapping.ts, src/ingest/read.ts; positions and line numbers grouped as "…" by
// src/publish/data_quality.ts); the data-quality page shows this table's Chinese in Chinese mode. Each
// entry is one reason template, by code; a reason is its template plus at most one outcome suffix.

const N = "(\\S+?)"; // a number, or "…" where publish grouped it

/** The reason templates, each with its code, its English shape and its Chinese. */
export const REASONS = [
  { code: "required_missing", match: /^required value is missing$/, zh: () => "必填值缺失" },
  { code: "missing_value", match: /^missing value$/, zh: () => "值缺失" },
  {
    code: "unknown_branch_name",
    match: /^unknown branch name: not an org_name_zh in dim_org$/,
    zh: () => "未知的网点名称：不是 dim_org 中的机构中文名（org_name_zh）",
  },
  { code: "unknown_org_code", match: /^unknown org_code: not in dim_org$/, zh: () => "未知的机构代码：不在 dim_org 中" },
  {
    code: "unknown_label",
    match: /^unknown (\w+) label: no value map entry \(case and width ignored\)$/,
    zh: (m) => `未知的 ${m[1]} 标签：值映射中没有该项（已忽略大小写与全半角）`,
  },
  { code: "unknown_code", match: /^unknown (\w+) code$/, zh: (m) => `未知的 ${m[1]} 代码` },
  { code: "not_yes_no", match: /^not a yes\/no value; expected one of: (.*)$/, zh: (m) => `不是“是/否”值；应为以下之一：${m[1]}` },
  {
    code: "unparseable_datetime",
    match: /^unparseable date\/time(?:; expected format (.*))?$/,
    zh: (m) => (m[1] ? `无法解析的日期时间；应为格式 ${m[1].split(" or ").join(" 或 ")}` : "无法解析的日期时间"),
  },
  { code: "not_whole_number", match: /^not a whole number$/, zh: () => "不是整数" },
  { code: "not_cents", match: /^not an amount to the cent$/, zh: () => "不是精确到分的金额" },
  { code: "implausible_year", match: /^implausible year \(expected 2000–2099\)$/, zh: () => "年份不合理（应在 2000–2099 之间）" },
  {
    code: "receipt_in_future",
    match: new RegExp(`^receipt date in the future \\(after ${N}, the day after the load\\)$`),
    zh: (m) => `受理日期在未来（晚于入库次日 ${m[1]}）`,
  },
  {
    code: "receipt_before_earliest",
    match: /^receipt date before (\S+) \((.*)\)$/,
    zh: (m) =>
      `受理日期早于 ${m[1]}（${
        m[2].startsWith("the first day the working-day calendar covers")
          ? "工作日历覆盖的第一天；请用 `kesu calendar add FILE` 加入该年度的节假日安排通知"
          : m[2].startsWith("the earliest receipt date configured")
            ? "配置的最早受理日期：earliestReceiptDate / KESU_EARLIEST_RECEIPT_DATE"
            : m[2]
      }）`,
  },
  { code: "out_of_range", match: /^out of range (\S+)–(\S+)$/, zh: (m) => `超出范围 ${m[1]}–${m[2]}` },
  { code: "below_minimum", match: /^must be ≥ (\S+)$/, zh: (m) => `应不小于 ${m[1]}` },
  { code: "before_received", match: /^(\w+) before received_at$/, zh: (m) => `${m[1]} 早于受理时间（received_at）` },
  {
    code: "missing_columns",
    match: new RegExp(`^MISSING COLUMNS: Expected Number of Columns: ${N} Found: ${N}$`),
    zh: (m) => `缺少列：应有 ${m[1]} 列，实有 ${m[2]} 列`,
  },
  {
    code: "too_many_columns",
    match: new RegExp(`^TOO MANY COLUMNS: Expected Number of Columns: ${N} Found: ${N}$`),
    zh: (m) => `列数过多：应有 ${m[1]} 列，实有 ${m[2]} 列`,
  },
  { code: "unquoted_value", match: /^UNQUOTED VALUE: /, zh: () => "引号未闭合：该记录中的引号到记录结束仍未闭合" },
  { code: "invalid_unicode", match: /^INVALID (UNICODE|ENCODING): /, zh: () => "编码无效：该行不是有效的 UTF-8" },
  { code: "cast_error", match: /^CAST ERROR: /, zh: () => "类型转换失败" },
  { code: "line_too_long", match: /^LINE SIZE OVER MAXIMUM: /, zh: () => "行过长：超过读取上限" },
  {
    code: "unreadable_block",
    match: new RegExp(`^unreadable: lines ${N}–${N} hold more than ${N} broken records$`),
    zh: (m) => `无法读取：第 ${m[1]}–${m[2]} 行中损坏的记录超过 ${m[3]} 条`,
  },
  { code: "malformed_json", match: /^malformed JSON: (.*)$/, zh: (m) => `JSON 格式错误：${jsonMessage(m[1])}` },
  { code: "not_json_object", match: /^not a JSON object$/, zh: () => "不是 JSON 对象" },
];

/** The outcome a reason ends with (value issues) or what a reader reject adds; each with its Chinese. */
const SUFFIXES = [
  { match: /: left empty$/, zh: () => "：已留空" },
  { match: /: loaded as unmapped$/, zh: () => "：按“未识别”入库" },
  { match: /: loaded as a complaint$/, zh: () => "：按投诉入库" },
  { match: new RegExp(` \\(the record spans lines ${N}–${N}\\)$`), zh: (m) => `（该记录跨第 ${m[1]}–${m[2]} 行）` },
  {
    match: new RegExp(
      `; a quote opened on line ${N} runs on to line ${N} \\(${N} lines\\): this line is rejected and the ${N} after it are read on their own$`,
    ),
    zh: (m) => `；第 ${m[1]} 行开始的引号一直延续到第 ${m[2]} 行（共 ${m[3]} 行）：本行拒收，其后 ${m[4]} 行逐行单独读取`,
  },
];

// What JSON.parse (V8) says of a malformed line, in Chinese; an unknown message is kept in brackets.
/** @type {[RegExp, (m: RegExpExecArray) => string][]} */
const JSON_MESSAGES = [
  [/^Unterminated string in JSON at position (\S+)/, (m) => `字符串未结束（位置 ${m[1]}）`],
  [/^Unexpected end of JSON input/, () => "内容意外结束"],
  [/^Unexpected token .* in JSON at position (\S+)/, (m) => `位置 ${m[1]} 出现意外的字符`],
  [/^Unexpected token/, () => "出现意外的字符"],
  [/^Expected property name or '}' in JSON at position (\S+)/, (m) => `位置 ${m[1]} 应为属性名或“}”`],
  [/^Expected ',' or '}' after property value in JSON at position (\S+)/, (m) => `位置 ${m[1]} 的属性值后应为“,”或“}”`],
  [/^Expected ',' or ']' after array element in JSON at position (\S+)/, (m) => `位置 ${m[1]} 的数组元素后应为“,”或“]”`],
  [/^Unexpected non-whitespace character after JSON at position (\S+)/, (m) => `位置 ${m[1]} 在 JSON 之后还有内容`],
  [/^Bad control character in string literal in JSON at position (\S+)/, (m) => `位置 ${m[1]} 的字符串中有控制字符`],
  [/^Bad escaped character in JSON at position (\S+)/, (m) => `位置 ${m[1]} 的转义字符无效`],
];
function jsonMessage(text) {
  for (const [re, zh] of JSON_MESSAGES) {
    const m = re.exec(text);
    if (m) return zh(m);
  }
  return `解析器信息（原文）：${text}`;
}

/** The code of a reason (its template), or null for a reason no template knows. */
export function reasonCode(text) {
  return translate(text)?.code ?? null;
}

function translate(text) {
  let base = String(text ?? "");
  let suffix = "";
  for (const s of SUFFIXES) {
    const m = s.match.exec(base);
    if (m) {
      suffix = s.zh(m) + suffix;
      base = base.slice(0, m.index);
    }
  }
  for (const r of REASONS) {
    const m = r.match.exec(base);
    if (m) return { code: r.code, zh: r.zh(m) + suffix };
  }
  return null;
}

/** A reason in the page's language: the warehouse's English in English, its Chinese in Chinese (the English when no template knows it). */
export function reasonText(lang, text) {
  if (lang === "en" || text == null) return text;
  return translate(text)?.zh ?? text;
}
