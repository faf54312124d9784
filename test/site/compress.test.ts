// serveSite's content coding over a hand-made site given its siblings by compressSite (what `kesu site`
// does after Framework's build): a client that takes gzip or br gets the sibling, decoding to the file's
// exact bytes, with Content-Encoding, Vary and the sibling's Content-Length; a client that does not gets
// the file itself; types that do not compress are never encoded; HEAD, ranges and 304s stay right.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite, type SiteServer } from "../../src/site/build.ts";
import { compressSite, negotiate } from "../../src/site/compress.ts";

let tmp: string;
let dir: string;
let server: SiteServer;

/** Text enough to compress, different per file. */
const text = (seed: string) => Array.from({ length: 400 }, (_, i) => `${seed} 投诉 ${i % 37} ${(i * 7919) % 1000}`).join("\n");
/** Bytes that do not compress (a font or image): pseudo-random. */
const noise = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24));

const TEXT_FILES: Record<string, string> = {
  "quarterly/2025-Q3.html": `<!doctype html><html lang="zh-CN">${text("季度")}`,
  "_import/charts.aaaa1111.js": `export const rows = ${JSON.stringify(text("js").split("\n"))};`,
  "_kesu/site.css": text(".kesu-tile { color: red }"),
  "_file/data/quarter-2025-Q3.abcd1234.json": JSON.stringify(text("json").split("\n")),
  "_file/data/cases.abcd1234.csv": text("case,branch,days"),
  "_file/logo.svg": `<svg xmlns="http://www.w3.org/2000/svg">${text("<rect/>")}</svg>`,
  "_file/data/cube-monthly.abcd1234.arrow": text("ARROW1\u0000\u0000"),
};
const BINARY_FILES = ["_kesu/fonts/files/noto-sans-sc-0-400-normal.woff2", "_file/chart.png"];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "kesu-compress-"));
  dir = join(tmp, "dist");
  for (const [path, body] of Object.entries(TEXT_FILES)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  for (const path of BINARY_FILES) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), noise(4000));
  }
  await compressSite(dir);
  // a stray sibling beside an image: the type decides what is encoded, not a file lying there
  writeFileSync(join(dir, "_file/chart.png.gz"), gzipSync(readFileSync(join(dir, "_file/chart.png"))));
  server = await serveSite({ dir });
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with exactly these headers (fetch would add its own Accept-Encoding and decode). */
function raw(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((done, fail) => {
    const req = request(new URL(path, server.url), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

const urlOf = (path: string) => `/${path.replace(/\.html$/, "")}`;
const vary = (r: Raw) => String(r.headers.vary ?? "").toLowerCase();

describe("negotiate", () => {
  it("takes br over gzip, honours q-values and *, and sends nothing to a client that asks for none", () => {
    expect(negotiate("gzip, deflate, br, zstd")).toBe("br");
    expect(negotiate("gzip")).toBe("gzip");
    expect(negotiate("br;q=0.5, gzip")).toBe("gzip");
    expect(negotiate("gzip;q=0")).toBeUndefined();
    expect(negotiate("*")).toBe("br");
    expect(negotiate("*, br;q=0")).toBe("gzip");
    expect(negotiate("identity")).toBeUndefined();
    expect(negotiate("")).toBeUndefined();
    expect(negotiate(undefined)).toBeUndefined();
  });
});

describe("serveSite content coding", () => {
  it("sends gzip to a client that takes gzip: the body decodes to the file's bytes, headers say so", async () => {
    for (const path of Object.keys(TEXT_FILES)) {
      const r = await raw(urlOf(path), { "accept-encoding": "gzip" });
      expect(r.status, path).toBe(200);
      expect(r.headers["content-encoding"], path).toBe("gzip");
      expect(vary(r), path).toContain("accept-encoding");
      expect(Number(r.headers["content-length"]), path).toBe(r.body.length);
      expect(gunzipSync(r.body).equals(readFileSync(join(dir, path))), path).toBe(true);
      expect(r.body.length, path).toBeLessThan(readFileSync(join(dir, path)).length / 2);
    }
    const html = await raw("/quarterly/2025-Q3", { "accept-encoding": "gzip" });
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
  });

  it("sends brotli to a browser (gzip, deflate, br, zstd)", async () => {
    for (const path of Object.keys(TEXT_FILES)) {
      const r = await raw(urlOf(path), { "accept-encoding": "gzip, deflate, br, zstd" });
      expect(r.headers["content-encoding"], path).toBe("br");
      expect(Number(r.headers["content-length"]), path).toBe(r.body.length);
      expect(brotliDecompressSync(r.body).equals(readFileSync(join(dir, path))), path).toBe(true);
    }
  });

  it("sends the file's own bytes to a client that asks for no coding (or refuses gzip), still saying Vary", async () => {
    const asks: Record<string, string>[] = [{}, { "accept-encoding": "identity" }, { "accept-encoding": "gzip;q=0, br;q=0" }, { "accept-encoding": "deflate" }];
    for (const headers of asks) {
      for (const path of Object.keys(TEXT_FILES)) {
        const r = await raw(urlOf(path), headers);
        const label = `${path} ${JSON.stringify(headers)}`;
        expect(r.status, label).toBe(200);
        expect(r.headers["content-encoding"], label).toBeUndefined();
        expect(r.body.equals(readFileSync(join(dir, path))), label).toBe(true);
        expect(Number(r.headers["content-length"]), label).toBe(r.body.length);
        expect(vary(r), label).toContain("accept-encoding");
      }
    }
  });

  it("encodes the text types only: a font or image goes as it is, even beside a stray .gz", async () => {
    for (const path of BINARY_FILES) {
      const r = await raw(`/${path}`, { "accept-encoding": "gzip, deflate, br, zstd" });
      expect(r.status, path).toBe(200);
      expect(r.headers["content-encoding"], path).toBeUndefined();
      expect(r.body.equals(readFileSync(join(dir, path))), path).toBe(true);
    }
    // ...while the text beside them is encoded (the same request, so the rule is the type)
    const js = await raw("/_import/charts.aaaa1111.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(js.headers["content-encoding"]).toBe("br");
  });

  it("answers HEAD with the headers GET gives, for each coding, and no body", async () => {
    for (const accept of ["gzip", "br", ""]) {
      const headers: Record<string, string> = accept ? { "accept-encoding": accept } : {};
      const get = await raw("/_file/data/quarter-2025-Q3.abcd1234.json", headers);
      const head = await raw("/_file/data/quarter-2025-Q3.abcd1234.json", headers, "HEAD");
      expect(head.status, accept).toBe(200);
      expect(head.body.length, accept).toBe(0);
      for (const name of ["content-encoding", "content-length", "content-type", "vary", "etag", "last-modified"]) {
        expect(head.headers[name], `${accept} ${name}`).toEqual(get.headers[name]);
      }
      expect(head.headers["content-encoding"], accept).toBe(accept || undefined);
    }
  });

  it("gives each coding its own ETag, revalidates it with a 304 that says Vary, and serves ranges of the file itself", async () => {
    const path = "/_file/data/cube-monthly.abcd1234.arrow";
    const bytes = readFileSync(join(dir, "_file/data/cube-monthly.abcd1234.arrow"));
    const gz = await raw(path, { "accept-encoding": "gzip" });
    const plain = await raw(path);
    expect(gz.headers.etag).toBeTruthy();
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    const again = await raw(path, { "accept-encoding": "gzip", "if-none-match": String(gz.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(vary(again)).toContain("accept-encoding");
    expect((await raw(path, { "if-none-match": String(plain.headers.etag) })).status).toBe(304);
    // a range is of the file's bytes, whatever the client takes (no coding on a partial body)
    const part = await raw(path, { "accept-encoding": "gzip, br", range: "bytes=10-49" });
    expect(part.status).toBe(206);
    expect(part.headers["content-encoding"]).toBeUndefined();
    expect(part.headers["content-range"]).toBe(`bytes 10-49/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(10, 50))).toBe(true);
  });
});
