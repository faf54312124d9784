// Headless chromium driven by playwright-core (which downloads no browser of its own): the PDF report and
// the browser tests launch it the same way, with every host but the loopback unresolvable, so a page that
// tried to fetch from outside fails visibly instead of quietly reaching the internet.
//
// Which chromium: KESU_CHROMIUM if set; else Debian's (/usr/bin/chromium) when installed; else the headless
// chromium the @sparticuz/chromium npm package ships (brotli-compressed, with the NSS libraries it needs),
// unpacked once into the temp dir. So `npm install && npm test` and `kesu report --pdf` need no system
// browser; Chinese text comes from the site's own Noto Sans SC webfont (@fontsource), not system fonts.
import { execFileSync } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { brotliDecompressSync, inflateSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Flags from docs/offline.md "Browser and PDF": runs as root in containers, makes no background requests. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  "--font-render-hinting=none",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

export interface ChromiumBinary {
  path: string;
  /** Where it came from: KESU_CHROMIUM, debian, or npm (@sparticuz/chromium). */
  source: "KESU_CHROMIUM" | "debian" | "npm";
  /** Environment the binary needs (the npm one: its NSS libraries and a fontconfig of its own). */
  env?: Record<string, string>;
}

/**
 * Unpacks @sparticuz/chromium's binary, NSS libraries and base fonts into `<tmp>/kesu-chromium-<version>`
 * (into a directory of its own first, renamed into place when complete, so two processes unpacking at
 * once never run a half-written binary). Returns the binary and the environment it needs.
 */
export function npmChromium(): ChromiumBinary {
  const require = createRequire(import.meta.url);
  const main = require.resolve("@sparticuz/chromium");
  const packageDir = dirname(dirname(main));
  const version = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const target = join(tmpdir(), `kesu-chromium-${version}`);
  const binary = join(target, "chromium");
  if (!existsSync(join(target, ".complete"))) {
    const staging = `${target}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const bin = join(packageDir, "bin");
    writeFileSync(join(staging, "chromium"), brotliDecompressSync(readFileSync(join(bin, "chromium.br"))));
    chmodSync(join(staging, "chromium"), 0o755);
    // NSS and expat, the only libraries the headless shell links beyond glibc; and Open Sans, for fontconfig
    for (const archive of ["al2023.tar.br", "fonts.tar.br"]) {
      execFileSync("tar", ["-x", "-C", staging], { input: brotliDecompressSync(readFileSync(join(bin, archive))) });
    }
    // Noto Sans SC for fontconfig, as TrueType pieces: what Chromium draws outside a page's own fonts (the
    // PDF's running header and footer) finds its CJK glyphs there
    const fontDir = join(dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css")), "files");
    mkdirSync(join(staging, "fonts", "noto-sans-sc"), { recursive: true });
    for (const file of readdirSync(fontDir).filter((name) => name.endsWith("-400-normal.woff"))) {
      writeFileSync(join(staging, "fonts", "noto-sans-sc", file.replace(/\.woff$/, ".ttf")), woffToSfnt(readFileSync(join(fontDir, file))));
    }
    writeFileSync(
      join(staging, "fonts.conf"),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${join(target, "fonts")}</dir>
  <cachedir>${join(target, "fonts-cache")}</cachedir>
</fontconfig>
`,
    );
    writeFileSync(join(staging, ".complete"), version);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process finished first: use its copy
    }
  }
  return { path: binary, source: "npm", env: { LD_LIBRARY_PATH: join(target, "lib"), FONTCONFIG_PATH: target } };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A WOFF (1.0) font as the TrueType/OpenType file it wraps: each table inflated and laid out again behind
 * an sfnt table directory (W3C WOFF 1.0 §4–5). fontconfig reads TrueType, not the WOFF the npm font ships.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString("latin1", 0, 4) !== "wOFF") throw new Error("not a WOFF 1.0 font");
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [offset, compLength, origLength] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)];
    const stored = woff.subarray(offset, offset + compLength);
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data: compLength < origLength ? inflateSync(stored) : stored };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(woff.readUInt32BE(4), 0); // the wrapped font's flavor
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((table, i) => {
    table.tag.copy(header, 12 + i * 16);
    header.writeUInt32BE(table.checksum, 12 + i * 16 + 4);
    header.writeUInt32BE(offset, 12 + i * 16 + 8);
    header.writeUInt32BE(table.data.length, 12 + i * 16 + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** The chromium kesu launches (see the top of this file). */
export function chromiumBinary(): ChromiumBinary {
  const configured = process.env.KESU_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`KESU_CHROMIUM is ${configured}, and there is no file there`);
    return { path: configured, source: "KESU_CHROMIUM" };
  }
  if (executable(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: "debian" };
  return npmChromium();
}

export async function launchChromium(): Promise<Browser> {
  const binary = chromiumBinary();
  return chromium.launch({
    executablePath: binary.path,
    args: CHROMIUM_ARGS,
    headless: true,
    ...(binary.env ? { env: { ...process.env, ...binary.env } as Record<string, string> } : {}),
  });
}

/**
 * Waits until a Framework page has finished rendering: data fetched, every cell resolved (Framework shows
 * an <observablehq-loading> placeholder until a cell's value arrives), every chart card drawn, fonts
 * loaded and one more frame painted. A cell that failed renders as .observablehq--error: that is an error here, not a blank chart.
 */
export async function waitForRendered(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: timeoutMs });
  // Charts wrapped in resize() draw only once a ResizeObserver has reported their width, after the cell
  // itself resolved: a card still empty then is a chart not drawn yet.
  await page.waitForFunction(
    () =>
      document.querySelector("observablehq-loading") === null &&
      Array.from(document.querySelectorAll("#observablehq-main .card")).every((card) => card.childElementCount > 0 || card.textContent!.trim() !== ""),
    undefined,
    { timeout: timeoutMs },
  );
  await page.evaluate(async () => {
    // The site's font comes in unicode-range pieces, fetched as characters appear on screen: text shown
    // only in print (the report's header) or drawn after the first pass would print blank. Every piece the
    // page's text needs is loaded now, in both weights the pages use.
    const text = document.body.textContent ?? "";
    await Promise.all(["400", "700"].map((weight) => document.fonts.load(`${weight} 16px "Noto Sans SC"`, text).catch(() => [])));
    await document.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  const errors = await page.locator(".observablehq--error").allTextContents();
  if (errors.length) throw new Error(`${page.url()} rendered ${errors.length} failed cell(s): ${errors.join(" | ").slice(0, 500)}`);
}
