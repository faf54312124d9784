// Language: Chinese by default, English on request (docs/design.md §7). The choice lives in localStorage and on
// <html data-kesu-lang>, set before first paint by the config's head script; switching dispatches a
// `kesu-lang` event so every cell that reads `lang` re-renders without a reload. Static text carries both
// languages (`.kesu-zh` / `.kesu-en`) and CSS shows one.

export const LANGS = ["zh", "en"];
export const STORAGE_KEY = "kesu-lang";
export const EVENT = "kesu-lang";

/** A stored value read as a language; anything else is Chinese. */
export function parseLang(value) {
  return value === "en" ? "en" : "zh";
}

export function currentLang() {
  try {
    return parseLang(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    return "zh"; // storage blocked (private mode, file://): stay Chinese
  }
}

/** Pick the text of a language: tr(lang, "受理投诉", "Complaints received"). */
export function tr(lang, zh, en) {
  return lang === "en" ? en : zh;
}

/** For `Generators.observe`: the current language now and after every switch. */
export function observeLang(notify) {
  notify(currentLang());
  const changed = () => notify(currentLang());
  addEventListener(EVENT, changed);
  return () => removeEventListener(EVENT, changed);
}

/**
 * Framework writes the table of contents at build time from each heading's text, which for a bilingual
 * heading is both languages run together; give each entry the heading's two spans instead, so the same
 * CSS shows one language there too.
 */
export function bilingualToc(root = document) {
  for (const link of root.querySelectorAll("#observablehq-toc a[href^='#']")) {
    const heading = root.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    const spans = heading ? [...heading.querySelectorAll(".kesu-zh, .kesu-en")] : [];
    if (spans.length) link.replaceChildren(...spans.map((s) => s.cloneNode(true)));
  }
}

/**
 * Inputs are rebuilt when the language changes (their labels are in it); `memory` (a Map made in a cell
 * that does not depend on the language) keeps what the reader chose, so switching language keeps filters.
 */
export function remembered(memory, key, input) {
  input.addEventListener("input", () => memory.set(key, input.value));
  return input;
}

/** A note in brackets after a text, with the language's brackets: "12（3.0%）" in Chinese, "12 (3.0%)" in English. */
export function bracket(lang, text, note) {
  return lang === "en" ? `${text} (${note})` : `${text}（${note}）`;
}
