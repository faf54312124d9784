// The working-day calendar's sources in the page's language. Each year's source is written in Chinese, as the
// State Council titles its holiday notice (src/calendar/cn-mainland.ts) or as the statutory rule reads
// (src/calendar/statutory.ts); English mode renders the notices kesu ships by their pattern. A bank's own
// calendar file names its source in its own words: that text has no English and stays as written (null here).

const NOTICE = /^国务院办公厅关于(\d{4})年部分节假日安排的通知（国办发明电〔(\d{4})〕(\d+)号）$/;
const EXTENSION = /^国务院办公厅关于延长(\d{4})年春节假期的通知（国办发明电〔(\d{4})〕(\d+)号）$/;
const STATUTORY = /^《全国年节及纪念日放假办法》（国务院令第(\d+)号修订）第二条法定节日/;

const number = (year, no) => `Guobanfa Mingdian [${year}] No. ${no}`;

/** One notice or rule in English, or null when it follows none of the known patterns. */
function englishPart(part) {
  let m = NOTICE.exec(part);
  if (m) return `State Council General Office notice on the ${m[1]} public holidays (${number(m[2], m[3])})`;
  m = EXTENSION.exec(part);
  if (m) return `State Council General Office notice extending the ${m[1]} Spring Festival holiday (${number(m[2], m[3])})`;
  return null;
}

/**
 * A calendar year's source in `lang`: the Chinese as written, or its English; null in English when the text
 * is not one kesu knows (a bank file's own words), for the page to show as written, marked Chinese.
 */
export function calendarSourceText(lang, source) {
  if (lang !== "en" || source == null) return source;
  const statutory = STATUTORY.exec(source);
  if (statutory)
    return (
      `National Holidays and Commemorative Days Regulation (State Council Order No. ${statutory[1]}, revised), art. 2 ` +
      "statutory holidays, lunar and solar-term dates computed by chinese-days; no make-up working days or days off in lieu " +
      "(set by each year's State Council notice)"
    );
  if (!/\p{Script=Han}/u.test(source)) return source;
  const parts = source.split("；").map(englishPart);
  return parts.every((p) => p !== null) ? parts.join("; ") : null;
}
