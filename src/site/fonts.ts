// The site's own font: Noto Sans SC from @fontsource (OFL), regular weight, as the package ships it split
// by unicode-range, so a browser fetches only the pieces a page's characters need (a Chinese page takes a
// few hundred kB of the 3.7 MB). Copied into every build beside the pages: no font is fetched from
// outside, and a machine without CJK fonts (the npm chromium of src/report/browser.ts) renders the same
// pages and PDFs as one with them.
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Where the stylesheet lands in a build, relative to the site's root. */
export const FONT_STYLESHEET = "_kesu/fonts/noto-sans-sc-400.css";

function packageDir(): string {
  // the package exports its stylesheets, not package.json: resolve one and take its directory
  return dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css"));
}

/**
 * Writes the stylesheet and the WOFF2 files it names into `outDir` (a built site). The package's WOFF
 * fallbacks are left out: every browser kesu's readers use takes WOFF2. Returns the files written.
 */
export async function writeSiteFont(outDir: string): Promise<{ files: number; bytes: number }> {
  const source = packageDir();
  const css = (await readFile(join(source, "400.css"), "utf8")).replace(/,\s*url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, "");
  const files = [...new Set([...css.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)].map((m) => m[1]!))];
  if (!files.length) throw new Error(`@fontsource/noto-sans-sc/400.css names no WOFF2 file: has the package changed its layout?`);
  const target = join(outDir, dirname(FONT_STYLESHEET));
  await mkdir(join(target, "files"), { recursive: true });
  let bytes = 0;
  for (const file of files) {
    await copyFile(join(source, "files", file), join(target, "files", file));
    bytes += (await readFile(join(target, "files", file))).length;
  }
  await writeFile(join(outDir, FONT_STYLESHEET), css);
  return { files: files.length, bytes };
}
