// Building and serving the static site (Observable Framework, root reports/). The site reads only the
// published snapshot (KESU_PUBLISH_DIR), never the warehouse, so a site build can never block ingestion.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, readlink, rename, rm, symlink } from "node:fs/promises";
import { createServer } from "node:http";
import { basename, delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FRAMEWORK_CLI = join(REPO_ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js");

export interface SiteBuild {
  outDir: string;
  pages: number;
  ms: number;
  /** Data files built by kesu before Framework ran, and those left to their loader process (none normally). */
  data: { built: number; left_to_loaders: string[] };
}

async function countPages(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".html") && entry.name !== "404.html") n++;
  }
  return n;
}

const LOCK = join(REPO_ROOT, "reports/.observablehq/build.lock");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Framework builds in the shared reports/ root and its cache, so two builds at once (a scheduled publish
 * and a manual `kesu site`, or two test files) would trample each other: builds take turns on a lock
 * file, and a lock left by a dead process is taken over.
 */
async function withBuildLock<T>(body: () => Promise<T>, timeoutMs = 600_000): Promise<T> {
  await mkdir(join(REPO_ROOT, "reports/.observablehq"), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(LOCK, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(LOCK, "utf8").catch(() => "")).trim());
      if (holder && !alive(holder)) await rm(LOCK, { force: true });
      else if (Date.now() > deadline) throw new Error(`another site build (pid ${holder}) holds ${LOCK}`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await body();
  } finally {
    await rm(LOCK, { force: true });
  }
}

export async function buildSite(options: { publishDir: string; outDir: string; log?: (line: string) => void }): Promise<SiteBuild> {
  return withBuildLock(() => buildSiteUnlocked(options));
}

async function buildSiteUnlocked(options: { publishDir: string; outDir: string; log?: (line: string) => void }): Promise<SiteBuild> {
  const started = Date.now();
  const outDir = resolve(options.outDir);
  const publishDir = resolve(options.publishDir);
  if (!existsSync(join(publishDir, "meta.json"))) throw new Error(`no published snapshot in ${publishDir}: run \`kesu build\` first`);
  await assertOutDirReplaceable(outDir);
  // Framework reuses cached loader output even when the snapshot changed (OFFLINE.md): drop it.
  await rm(join(REPO_ROOT, "reports/.observablehq/cache/data"), { recursive: true, force: true });
  // ...and put there, built here in one pass over the snapshot, what every loader would write: Framework
  // then spawns no loader process (each cost a node start and a TypeScript transpile of the shared code,
  // about 0.9 s apiece: 30 s of a 1M-complaint site's 51 s; the 37 files take 0.15 s here). A file that
  // fails to build here is left to its loader, so a bad snapshot still fails the build with its message.
  // (Imported here, not at the top: apache-arrow alone takes ~0.6 s to load, which `kesu report` and
  // others that only serve a site need not pay.)
  const [{ prepareSiteData }, { snapshotAt }] = await Promise.all([import("./data.ts"), import("./snapshot.ts")]);
  const data = await prepareSiteData(snapshotAt(publishDir), join(REPO_ROOT, "reports/.observablehq/cache"));
  if (process.env.KESU_DEBUG) {
    options.log?.(`site data: ${data.written.length} files built in ${Date.now() - started} ms; left to loaders: ${data.skipped.map((f) => f.path).join(", ") || "none"}`);
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
  await swapIn(outDir, staging);
  return {
    outDir,
    pages: await countPages(outDir),
    ms: Date.now() - started,
    data: { built: data.written.length, left_to_loaders: data.skipped.map((f) => f.path) },
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
  throw new Error(
    `${outDir} exists and is not a site kesu built: kesu replaces only its own output. Choose another --out, or move it away yourself`,
  );
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

/** Serves a built site on the loopback interface with clean URLs (`/quarterly/2025-Q3`). */
export async function serveSite(options: { dir: string; host?: string; port?: number }): Promise<SiteServer> {
  const host = options.host ?? "127.0.0.1";
  // `dev: true` looks each file up per request: sirv's production mode lists the directory once at
  // startup, so after a rebuild swapped in a new site (new hashed asset names) a running server would
  // 404 every new asset and the pages would render without charts. ETags still let browsers revalidate.
  const handler = sirv(resolve(options.dir), { extensions: ["html"], dev: true, etag: true });
  const server = createServer((request, response) =>
    handler(request, response, () => {
      response.statusCode = 404;
      response.setHeader("content-type", "text/plain; charset=utf-8");
      response.end("not found");
    }),
  );
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
