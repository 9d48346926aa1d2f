// Loads npm packages from the project that runs the Prisma CLI (its
// node_modules), not from this tool's folder, which has none.
//
// The project root is the current directory (the Prisma CLI starts the schema
// engine there) or, if it has no package.json, the nearest folder above it
// that has one.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// What this tool was tested with; used in the "missing package" message.
export const TESTED_VERSIONS = {
  '@prisma/schema-engine-wasm': '7.10.0-7.561d7b42579a2459cc8edf3788918b626c640023',
  '@prisma/driver-adapter-utils': '7.10.1',
  '@prisma/adapter-pg': '7.10.1',
  pg: '8',
  '@prisma/adapter-better-sqlite3': '7.10.0',
};

export function findProjectRoot(start = process.cwd()) {
  const first = path.resolve(start);
  for (let dir = first; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return first;
  }
}

export const projectRoot = findProjectRoot();
const projectRequire = createRequire(path.join(projectRoot, 'package.json'));

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

// Conditions of an ESM import under Node, tried in the order the package lists them.
const CONDITIONS = new Set(['node', 'import', 'default']);
function pickTarget(target) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickTarget(t);
      if (r) return r;
    }
  } else if (target && typeof target === 'object') {
    for (const [key, value] of Object.entries(target)) {
      if (CONDITIONS.has(key)) {
        const r = pickTarget(value);
        if (r) return r;
      }
    }
  }
  return null;
}

function packageDirOf(file, name) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === name) return dir;
      } catch {}
    }
    if (path.dirname(dir) === dir) return null;
  }
}

// Absolute path of the file `import(specifier)` would load from the project:
// Node's require resolution finds the package, then its "import" export is
// preferred over the "require" one (the same entry points a static import uses).
export function resolveFromProject(specifier) {
  const requireEntry = projectRequire.resolve(specifier);
  const name = packageName(specifier);
  const dir = packageDirOf(requireEntry, name);
  if (!dir) return requireEntry;
  const { exports } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const subpath = '.' + specifier.slice(name.length);
  const isSubpathMap =
    exports &&
    typeof exports === 'object' &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((k) => k.startsWith('.'));
  const target = pickTarget(isSubpathMap ? exports[subpath] : subpath === '.' ? exports : undefined);
  const file = target && path.join(dir, target);
  return file && fs.existsSync(file) ? file : requireEntry;
}

export const importFromProject = (specifier) => import(pathToFileURL(resolveFromProject(specifier)).href);

// The packages of `names` that the project does not have.
export function missingPackages(names) {
  return names.filter((name) => {
    try {
      projectRequire.resolve(name);
      return false;
    } catch (e) {
      if (e?.code === 'MODULE_NOT_FOUND') return true;
      throw e;
    }
  });
}

// The packages the schema engine needs only at development time; the driver
// adapters and drivers are the app's own runtime dependencies.
const DEV_ONLY = new Set(['@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils']);

// One-paragraph explanation for a developer, with the command(s) that fix it.
export function missingPackagesMessage(missing) {
  const spec = (name) => (TESTED_VERSIONS[name] ? `${name}@${TESTED_VERSIONS[name]}` : name);
  const runtime = missing.filter((n) => !DEV_ONLY.has(n)).map(spec);
  const dev = missing.filter((n) => DEV_ONLY.has(n)).map(spec);
  const commands = [
    runtime.length && `npm install ${runtime.join(' ')}`,
    dev.length && `npm install --save-dev ${dev.join(' ')}`,
  ].filter(Boolean);
  return (
    `prisma-offline-engine: the project at ${projectRoot} is missing ${missing.join(', ')}, ` +
    `which this schema engine stand-in loads from the project's node_modules. ` +
    `Add ${missing.length > 1 ? 'them' : 'it'} with: ${commands.join(' && ')}`
  );
}
