// Compression of a built site: `kesu site` writes a gzip and a brotli sibling beside every text file
// (index.html.gz, cube-monthly.….arrow.br), and serveSite sends one of them to a client whose
// Accept-Encoding takes it. Built once per site, not per request; any static server with a
// "precompressed siblings" switch (nginx gzip_static/brotli_static, Caddy's file_server precompressed)
// can serve the same files. Fonts (WOFF2 is compressed already) and images are left as they are.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/** The types that compress (text, and Arrow IPC: 4–7× on the cubes); anything else is sent as it is. */
export const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".csv", ".svg", ".arrow", ".txt", ".md", ".xml", ".map"]);

/** The codings kesu writes, best first, with the suffix of their sibling file. */
export const CODINGS = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
] as const;
export type Coding = (typeof CODINGS)[number]["coding"];

const gzipP = promisify(gzip);
const brotliP = promisify(brotliCompress);

/**
 * Brotli at quality 9, not 11: on the 50,000-complaint demo's 8.2 MB of text, 11 took 12 s of CPU
 * (1.27 MB out), 9 took 1.9 s (1.45 MB), gzip -9 0.6 s (1.64 MB); the site is rebuilt after every load,
 * and the cost grows with the data files.
 */
const BROTLI_QUALITY = 9;

export function compressible(path: string): boolean {
  return COMPRESSIBLE.has(extname(path).toLowerCase());
}

/**
 * The coding to send for an Accept-Encoding header: br if taken, else gzip, else none (identity). Honours
 * q-values (`gzip;q=0` refuses gzip) and `*`; of two codings the client weighs equally, br.
 */
export function negotiate(acceptEncoding: string | string[] | undefined): Coding | undefined {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : (acceptEncoding ?? "");
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  let best: Coding | undefined;
  let bestWeight = 0;
  for (const { coding } of CODINGS) {
    const weight = weights.get(coding) ?? (coding === "br" ? weights.get("brotli") : undefined) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

export interface CompressedSite {
  /** Text files given siblings, and their bytes raw, as gzip and as brotli. */
  files: number;
  raw: number;
  gzip: number;
  br: number;
  ms: number;
}

/**
 * Writes `<file>.gz` and `<file>.br` beside each compressible file under `dir` that they make at least 10%
 * smaller (a sibling saving less is not worth a second copy; the server then sends the file itself).
 */
export async function compressSite(dir: string): Promise<CompressedSite> {
  const started = Date.now();
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && compressible(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  const total: CompressedSite = { files: 0, raw: 0, gzip: 0, br: 0, ms: 0 };
  // zlib's async calls run on libuv's thread pool: a few files at a time use the cores without
  // holding every file's bytes at once
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const bytes = await readFile(file);
      const [gz, br] = await Promise.all([
        gzipP(bytes, { level: 9 }),
        brotliP(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            [constants.BROTLI_PARAM_MODE]: extname(file) === ".arrow" ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
          },
        }),
      ]);
      // what goes on the wire for each coding: the sibling if written, else the file itself
      const sent = { gzip: bytes.length, br: bytes.length };
      for (const [coding, suffix, body] of [
        ["gzip", ".gz", gz],
        ["br", ".br", br],
      ] as const) {
        if (body.length > bytes.length * 0.9) continue;
        await writeFile(file + suffix, body);
        sent[coding] = body.length;
      }
      if (sent.gzip < bytes.length || sent.br < bytes.length) {
        total.files++;
        total.raw += bytes.length;
        total.gzip += sent.gzip;
        total.br += sent.br;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, Math.min(8, availableParallelism())) }, worker));
  total.ms = Date.now() - started;
  return total;
}
