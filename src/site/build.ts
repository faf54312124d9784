// Building and serving the static site (Observable Framework; sources in reports/, built from a work root
// in the data dir: see siteWorkDir). The site reads only the
// published snapshot (KESU_PUBLISH_DIR), never the warehouse, so a site build can never block ingestion.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, readlink, rename, rm, symlink } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import { basename, delimiter, dirname, join, relative, resolve } from "node:path";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import sirv from "sirv";
import { type CompressedSite, compressible, compressSite, negotiate } from "./compress.ts";
import { writeSiteFont } from "./fonts.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FRAMEWORK_CLI = join(REPO_ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js");

export interface SiteBuild {
  outDir: string;
  pages: number;
  ms: number;
  /** Data files built by kesu before Framework ran, and those left to their loader process (none normally). */
  data: { built: number; left_to_loaders: string[] };
  /** The .gz/.br siblings written beside the text files (src/site/compress.ts): files, bytes, ms. */
  compressed: CompressedSite;
}

async function countPages(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".html") && entry.name !== "404.html") n++;
  }
  return n;
}

const SOURCE_ROOT = join(REPO_ROOT, "reports");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where site builds keep their state: Framework's root for the build — a link to each entry of reports/,
 * the sources, beside a real `.observablehq/` with Framework's cache — and the build lock. The CLI and the
 * scheduler use `<data-dir>/tmp/site`; a caller that names none gets one per publish dir in the system's
 * temp dir. Never the checkout: it is only read (a scheduler may run from a read-only one), and two data
 * dirs build at once.
 */
export function siteWorkDir(publishDir: string): string {
  const key = createHash("sha256").update(resolve(publishDir)).digest("hex").slice(0, 16);
  return join(tmpdir(), "kesu-site", key);
}

/** Framework's root for a build: links to the sources and the packages (made again each build, so a page added or removed shows). */
async function prepareWorkRoot(workDir: string): Promise<string> {
  const root = join(workDir, "root");
  await mkdir(join(root, ".observablehq"), { recursive: true });
  for (const entry of await readdir(root)) if (entry !== ".observablehq") await rm(join(root, entry), { recursive: true, force: true });
  for (const entry of await readdir(SOURCE_ROOT)) {
    if (entry === ".observablehq") continue;
    await symlink(join(SOURCE_ROOT, entry), join(root, entry));
  }
  // Framework resolves the pages' npm imports (d3, Plot, Arrow) from its root as Node does, walking up to a
  // node_modules: linked beside the root, not in it (Framework would take every file in the root for a page)
  await rm(join(workDir, "node_modules"), { force: true });
  await symlink(join(REPO_ROOT, "node_modules"), join(workDir, "node_modules"));
  return root;
}

/**
 * Framework builds in its root and that root's cache, so two builds of one data dir at once (a scheduled
 * publish and a manual `kesu site`) would trample each other: they take turns on a lock file in the work
 * dir, and a lock left by a dead process is taken over. Builds of other data dirs do not wait.
 */
async function withBuildLock<T>(workDir: string, body: () => Promise<T>, timeoutMs = 600_000): Promise<T> {
  await mkdir(workDir, { recursive: true });
  const lock = join(workDir, "build.lock");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(lock, "utf8").catch(() => "")).trim());
      if (holder && !alive(holder)) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`another site build (pid ${holder}) holds ${lock}`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lock, { force: true });
  }
}

export async function buildSite(options: { publishDir: string; outDir: string; log?: (line: string) => void; workDir?: string }): Promise<SiteBuild> {
  const workDir = resolve(options.workDir ?? siteWorkDir(options.publishDir));
  return withBuildLock(workDir, () => buildSiteUnlocked({ ...options, workDir }));
}

async function buildSiteUnlocked(options: { publishDir: string; outDir: string; log?: (line: string) => void; workDir: string }): Promise<SiteBuild> {
  const started = Date.now();
  const outDir = resolve(options.outDir);
  const publishDir = resolve(options.publishDir);
  if (!existsSync(join(publishDir, "meta.json"))) throw new Error(`no published snapshot in ${publishDir}: run \`kesu build\` first`);
  await assertOutDirReplaceable(outDir);
  const root = await prepareWorkRoot(options.workDir);
  // Framework reuses cached loader output even when the snapshot changed (docs/offline.md): drop it.
  await rm(join(root, ".observablehq/cache/data"), { recursive: true, force: true });
  // ...and put there, built here in one pass over the snapshot, what every loader would write: Framework
  // then spawns no loader process (each cost a node start and a TypeScript transpile of the shared code,
  // about 0.9 s apiece: 30 s of a 1M-complaint site's 51 s; the 37 files take 0.15 s here). A file that
  // fails to build here is left to its loader, so a bad snapshot still fails the build with its message.
  // (Imported here, not at the top: apache-arrow alone takes ~0.6 s to load, which `kesu report` and
  // others that only serve a site need not pay.)
  const [{ prepareSiteData }, { snapshotAt }] = await Promise.all([import("./data.ts"), import("./snapshot.ts")]);
  const data = await prepareSiteData(snapshotAt(publishDir), join(root, ".observablehq/cache"));
  if (process.env.KESU_DEBUG) {
    options.log?.(
      `site data: ${data.written.length} files built in ${Date.now() - started} ms; left to loaders: ${data.skipped.map((f) => f.path).join(", ") || "none"}`,
    );
  }
  // Built into a fresh directory and swapped in only when complete: a reader never sees a half-built
  // site, and a failed build leaves the previous one in place (see swapIn).
  const builds = buildsDirFor(outDir);
  await mkdir(builds, { recursive: true });
  const staging = join(builds, `${new Date().toISOString().replace(/[-:.]/g, "")}-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  const env = {
    ...process.env,
    KESU_PUBLISH_DIR: publishDir,
    KESU_SITE_OUT: staging,
    KESU_SITE_ROOT: root,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    // Framework runs TypeScript data loaders with `tsx`, looked up on PATH.
    PATH: [join(REPO_ROOT, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter),
  };
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [FRAMEWORK_CLI, "build"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (process.env.KESU_DEBUG) options.log?.(text.trimEnd());
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`site build failed (Observable Framework exited ${code}):\n${output.join("").slice(-4000)}`);
  }
  await writeSiteFont(staging);
  // last, once every file is final: a sibling must never hold other bytes than its file
  const compressed = await compressSite(staging);
  await swapIn(outDir, staging);
  return {
    outDir,
    pages: await countPages(outDir),
    ms: Date.now() - started,
    data: { built: data.written.length, left_to_loaders: data.skipped.map((f) => f.path) },
    compressed,
  };
}

/** Complete builds live here; the output dir (dist/) is a symlink to the current one. */
export function buildsDirFor(outDir: string): string {
  return join(dirname(resolve(outDir)), `.${basename(outDir)}.builds`);
}

/**
 * Swaps a complete build in. Renaming one directory over another is impossible while the old one has
 * files (and rename-aside-then-rename-in leaves a moment with no dist/ at all), so the output dir is a
 * symlink: a new link is made beside it and renamed over it, which rename(2) does atomically — every
 * reader resolves dist/ to either the old build or the new one, never to nothing. The previous build is
 * kept (a request being served from it finishes), older ones are removed. A killed build leaves only an
 * unreferenced directory in the builds dir, removed by the next successful build.
 */
/**
 * The output dir must be kesu's to replace: absent, an empty directory, the link a previous `kesu site`
 * made, or a site kesu built before builds were swapped by link (Framework's `_observablehq/` beside an
 * index.html). Anything else is a user's directory: refused, never moved or deleted.
 */
export async function assertOutDirReplaceable(outDir: string): Promise<void> {
  outDir = resolve(outDir);
  const current = await lstat(outDir).catch(() => undefined);
  if (!current || current.isSymbolicLink()) return;
  if (current.isDirectory()) {
    const entries = await readdir(outDir);
    if (entries.length === 0 || (entries.includes("_observablehq") && entries.includes("index.html"))) return;
  }
  throw new Error(`${outDir} exists and is not a site kesu built: kesu replaces only its own output. Choose another --out, or move it away yourself`);
}

export async function swapIn(outDir: string, build: string): Promise<void> {
  outDir = resolve(outDir);
  const builds = buildsDirFor(outDir);
  const current = await lstat(outDir).catch(() => undefined);
  let previous: string | undefined;
  if (current?.isSymbolicLink()) {
    previous = resolve(dirname(outDir), await readlink(outDir));
  } else if (current) {
    // A site built before builds were swapped by symlink: moved aside once (the only moment dist/ is absent).
    previous = join(builds, `legacy-${process.pid}-${Date.now()}`);
    await rename(outDir, previous);
  }
  const link = `${outDir}.link-${process.pid}`;
  await rm(link, { force: true });
  await symlink(relative(dirname(outDir), build), link);
  await rename(link, outDir);
  for (const entry of await readdir(builds)) {
    const path = join(builds, entry);
    if (path !== resolve(build) && path !== previous) await rm(path, { recursive: true, force: true });
  }
}

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/** Framework's content-hashed outputs: under /_file, /_import, /_node or /_observablehq, with an 8-hex hash. */
const HASHED_ASSET = /^\/_(file|import|node|observablehq)\/.*\.[0-9a-f]{8}\.[a-z0-9]+$/;

/**
 * Serves a built site on the loopback interface with clean URLs (`/quarterly/2025-Q3`), sending the
 * `.br`/`.gz` sibling `kesu site` wrote beside a text file (src/site/compress.ts) to a client whose
 * Accept-Encoding takes it, with Content-Encoding, the sibling's Content-Length and ETag, and `Vary:
 * Accept-Encoding` on every text response; anyone else gets the file itself.
 */
export async function serveSite(options: { dir: string; host?: string; port?: number }): Promise<SiteServer> {
  const host = options.host ?? "127.0.0.1";
  // `dev: true` looks each file up per request: sirv's production mode lists the directory once at
  // startup, so after a rebuild swapped in a new site (new hashed asset names) a running server would
  // 404 every new asset and the pages would render without charts. ETags still let browsers revalidate.
  // A file Framework names by its content (`/_file/data/dashboard.4f3a9c1e.json`) never changes under that
  // name: browsers may keep it a year without asking again. Pages and unhashed files are revalidated (ETag).
  const setHeaders = (response: ServerResponse, pathname: string) => {
    if (HASHED_ASSET.test(pathname)) response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
  };
  const plain = sirv(resolve(options.dir), { extensions: ["html"], dev: true, etag: true, setHeaders });
  // the same with sirv's sibling lookup (`<file>.br`, then `.gz`, then the file), given only requests
  // whose Accept-Encoding kesu has already decided (sirv itself matches the header's text, q=0 included)
  const encoded = sirv(resolve(options.dir), { extensions: ["html"], dev: true, etag: true, brotli: true, gzip: true, setHeaders });
  const server = createServer((request, response) => {
    const notFound = () => {
      response.statusCode = 404;
      response.setHeader("content-type", "text/plain; charset=utf-8");
      response.end("not found");
    };
    // a clean URL (no extension) is a page; otherwise the extension says whether the type compresses
    let pathname = "/";
    try {
      pathname = new URL(request.url ?? "/", "http://site").pathname;
    } catch {}
    const last = pathname.slice(pathname.lastIndexOf("/") + 1);
    if (!(last.includes(".") ? compressible(last) : true)) return plain(request, response, notFound);
    response.setHeader("vary", "Accept-Encoding");
    const coding = negotiate(request.headers["accept-encoding"]);
    // a range is of the file's own bytes: a partial encoded body is no use to a browser
    if (!coding || request.headers.range) return plain(request, response, notFound);
    request.headers["accept-encoding"] = coding === "br" ? "br, gzip" : "gzip";
    return encoded(request, response, notFound);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, host, done);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
