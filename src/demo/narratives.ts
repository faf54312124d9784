// Complaint narratives for the sample: short Chinese texts from templates per cause, with the business
// category woven in, and a planted share carrying personal data the masks must catch.
import { BUSINESS_CATEGORIES, type BusinessCategory, type Cause } from "../codes.ts";
import type { Rng } from "./rng.ts";

const PHRASES: Record<Cause, readonly string[]> = {
  service_quality: ["柜员服务态度差，解释不耐烦", "客服人员答复敷衍，多次转接无人处理", "工作人员未按承诺回电"],
  facilities_systems: ["系统故障导致业务无法办理", "自助设备吞卡且长时间未处理", "手机银行页面反复报错无法操作"],
  rules_process: [
    "办理流程繁琐，需要多次到网点提交材料",
    "还款规则变更未提前告知，影响正常还款",
    "业务规则不合理，要求提供的证明过多",
    "审批时间过长，进度无法查询",
  ],
  marketing: ["电话营销过于频繁，已要求停止仍继续拨打", "销售人员夸大宣传，未说明风险"],
  disclosure: ["费用和利率信息披露不清楚", "合同关键条款未充分提示"],
  product_yield: ["产品实际收益明显低于宣传", "理财产品到期收益与预期不符"],
  free_choice: ["办理业务时被强制搭售保险", "被要求必须开通其他业务才能办理"],
  contract_terms: ["合同条款存在不公平内容", "提前还款违约金条款不合理"],
  fund_security: ["账户出现不明扣款", "资金被盗刷，要求银行追回"],
  info_security: ["个人信息疑似被泄露，频繁接到推销电话", "征信记录出现错误信息"],
  pricing_fees: ["年费收取有异议，要求退还", "被收取未告知的手续费", "利息计算有误，多收利息"],
  collection_methods: ["催收电话骚扰家人和同事", "催收人员言语威胁，方式不当"],
  other: ["对银行处理结果不满意", "其他问题需要银行解释"],
};

const REQUESTS = ["，要求给予合理解释", "，要求尽快处理", "，要求退还相关费用", "，希望银行改进", ""];

export type PiiKind = "resident_id" | "mobile" | "card_number" | "email";
export const PII_KINDS: readonly PiiKind[] = ["resident_id", "mobile", "card_number", "email"];

export function narrative(rng: Rng, business: BusinessCategory, cause: Cause): string {
  const label = BUSINESS_CATEGORIES[business].zh;
  return `客户反映${label.endsWith("业务") ? label : `${label}业务`}：${rng.pick(PHRASES[cause])}${rng.pick(REQUESTS)}。`;
}

export function outageNarrative(rng: Rng): string {
  return `手机银行${rng.pick(["无法登录", "转账失败", "付款一直提示系统繁忙", "扣款成功但交易显示失败"])}，${rng.pick(["影响紧急付款", "多次尝试均不成功", "客服电话也打不进"])}，要求尽快修复。`;
}

/** An 18-digit resident ID with a valid GB 11643 check digit. */
function residentId(rng: Rng): string {
  const area = rng.pick(["110101", "310104", "440305", "330106", "510107"]);
  const birth = `${rng.int(1960, 2002)}${String(rng.int(1, 12)).padStart(2, "0")}${String(rng.int(1, 28)).padStart(2, "0")}`;
  const body = `${area}${birth}${String(rng.int(0, 999)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + "10X98765432"[sum % 11];
}

/** A 16–19 digit card number with a valid Luhn check digit. */
function cardNumber(rng: Rng): string {
  const length = rng.pick([16, 19]);
  let body = rng.pick(["622202", "621700", "625807", "436742"]);
  while (body.length < length - 1) body += String(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/**
 * Spellings of one number as people type them: grouped by spaces, dashes, dots or slashes, or in
 * full-width digits. The masks must catch every one (issue: `138 12340005`, `１３８…` went through).
 */
const FULL_WIDTH = (text: string) => text.replace(/[0-9A-Za-z@]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const group = (digits: string, sizes: readonly number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.filter(Boolean).join(sep);
};
/** A choice that draws nothing from the stream (the rest of the sample stays as it was): by the digits. */
const variantOf = (digits: string, n: number) => [...digits].reduce((sum, d) => sum + (Number(d) || 0), 0) % n;

/** Han names the sample writes before 先生/女士 (the masks take the two characters before the title). */
export const PLANTED_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静"] as const;

/** Appends one piece of personal data of the given kind to a narrative, in one of the spellings seen. */
export function withPii(rng: Rng, text: string, kind: PiiKind): string {
  switch (kind) {
    case "resident_id": {
      const id = residentId(rng);
      const spelled = [
        id,
        group(id, [6, 8], " "), // 440301 19850315 2316
        FULL_WIDTH(id),
        `${id.slice(0, 6)}${id.slice(8, 17)}`, // the 15-digit ID issued before 1999
        `E${id.slice(6, 14)}`, // a passport number instead (E + 8 digits)
        `${"ABCDEGHKMPRWZ"[Number(id[10])]}${id.slice(11, 17)}(${id[17] === "X" ? "A" : id[17]})`, // a Hong Kong identity card
      ][variantOf(id, 6)]!;
      return `${text}${/^[A-Z]/.test(spelled) ? "本人证件号" : "本人身份证号"}${spelled}。`;
    }
    case "mobile": {
      const mobile = `1${rng.pick(["3", "5", "8", "9"])}${String(rng.int(0, 999_999_999)).padStart(9, "0")}`;
      const spelled = [
        mobile,
        group(mobile, [3], " "), // 138 12340005
        group(mobile, [3, 4], "-"), // 139-1234-0006
        group(mobile, [3, 4], "."), // 138.1234.0008
        group(mobile, [3, 4], "/"), // 138/1234/0009
        FULL_WIDTH(mobile),
        `0${mobile.slice(1, 3)}-${mobile.slice(3, 11)}`, // a landline with its area code instead
        `${PLANTED_NAMES[Number(mobile[10]) % PLANTED_NAMES.length]}${Number(mobile[9]) % 2 ? "先生" : "女士"}，${mobile}`, // with the caller's name
      ][variantOf(mobile, 8)]!;
      return `${text}联系电话${spelled}。`;
    }
    case "card_number": {
      const card = cardNumber(rng);
      const spelled = [card, group(card, [4, 4, 4, 4], " "), group(card, [6], " "), FULL_WIDTH(card)][variantOf(card, 4)]!;
      return `${text}涉及卡号${spelled}。`;
    }
    case "email": {
      const email = `${rng.pick(["zhang", "li.wei", "wang_fang", "chen88"])}@${rng.pick(["qq.com", "163.com", "example.cn"])}`;
      return `${text}回复请发邮箱${email.length % 2 ? email.replace("@", "＠") : email}。`;
    }
  }
}
