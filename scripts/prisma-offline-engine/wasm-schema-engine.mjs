// Runs Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm) against
// a database through a Prisma driver adapter, so migrations can be created and
// applied without the native schema-engine binary from Prisma's CDN.
// Supports PostgreSQL (@prisma/adapter-pg + pg) and SQLite
// (@prisma/adapter-better-sqlite3) URLs. Every npm package is loaded from the
// project that runs the Prisma CLI (see project-modules.mjs), and only those the
// database URL needs.
import fs from 'node:fs';
import path from 'node:path';
import { importFromProject, resolveFromProject } from './project-modules.mjs';

// The npm packages each provider needs (checked before anything is loaded).
export const ENGINE_PACKAGES = ['@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils'];
export const PROVIDER_PACKAGES = {
  postgresql: ['@prisma/adapter-pg', 'pg'],
  sqlite: ['@prisma/adapter-better-sqlite3'],
};

// Loaded lazily by loadPackages().
let glue; // @prisma/schema-engine-wasm/schema_engine_bg
let bindMigrationAwareSqlAdapterFactory; // @prisma/driver-adapter-utils
let pg; // pg
let PrismaPg; // @prisma/adapter-pg
let PrismaBetterSqlite3; // @prisma/adapter-better-sqlite3

// The pg driver, from the project (also used for CREATE/DROP DATABASE).
export async function loadPg() {
  pg ??= (await importFromProject('pg')).default;
  return pg;
}

async function loadPackages(provider) {
  glue ??= await importFromProject('@prisma/schema-engine-wasm/schema_engine_bg');
  bindMigrationAwareSqlAdapterFactory ??= (await importFromProject('@prisma/driver-adapter-utils'))
    .bindMigrationAwareSqlAdapterFactory;
  if (provider === 'postgresql') {
    await loadPg();
    PrismaPg ??= (await importFromProject('@prisma/adapter-pg')).PrismaPg;
  }
  if (provider === 'sqlite') {
    PrismaBetterSqlite3 ??= (await importFromProject('@prisma/adapter-better-sqlite3')).PrismaBetterSqlite3;
  }
}

// The wasm module reports Rust panics through this global.
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: '',
  get() {
    return this.message;
  },
  set_message(m) {
    this.message = `RuntimeError: ${m}`;
  },
};
export const lastPanic = () => globalThis.PRISMA_WASM_PANIC_REGISTRY.get();

let loaded = false;
function loadWasm() {
  if (loaded) return;
  const dir = path.dirname(resolveFromProject('@prisma/schema-engine-wasm/schema_engine_bg'));
  const module = new WebAssembly.Module(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  loaded = true;
}

export const providerOf = (url = '') =>
  /^(file|sqlite):/.test(url) ? 'sqlite' : /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : null;
export const sqliteFile = (url) => url.replace(/^(file|sqlite):/, '').split('?')[0];

// better-sqlite3 cannot run several statements through prepare(); the wasm
// engine sends whole migration scripts through executeRaw on the shadow DB.
function fixSqlite(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      if (e instanceof RangeError && /more than one statement/.test(e.message) && query.args.length === 0) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      throw e;
    }
  };
  return adapter;
}

// @prisma/adapter-pg rejects the catalog type "char" (OID 18) that the schema
// describer selects; read it as text.
function fixPg(adapter) {
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (query) => {
    const result = await performIO(query);
    for (const f of result.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return result;
  };
  return adapter;
}

class SqliteFactory {
  provider = 'sqlite';
  adapterName = '@prisma/adapter-better-sqlite3';
  open = new Set();
  constructor(url, shadowUrl) {
    this.url = url;
    this.inner = new PrismaBetterSqlite3({ url }, shadowUrl ? { shadowDatabaseUrl: shadowUrl } : undefined);
  }
  async connect() {
    const adapter = fixSqlite(await this.inner.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      this.open.delete(adapter);
      await dispose();
    };
    this.open.add(adapter);
    return adapter;
  }
  async connectToShadowDb() {
    return fixSqlite(await this.inner.connectToShadowDb());
  } // ":memory:" by default
  async closeAll() {
    for (const a of [...this.open]) await a.dispose();
  }
}

// PrismaPg#connectToShadowDb is not used: given a connection string it
// connects to the main database instead of the new shadow database.
class PgFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';
  constructor(url, shadowUrl) {
    this.url = url;
    this.shadowUrl = shadowUrl;
  }
  async connect() {
    return fixPg(await new PrismaPg({ connectionString: this.url }).connect());
  }
  async connectToShadowDb() {
    if (this.shadowUrl) return fixPg(await new PrismaPg({ connectionString: this.shadowUrl }).connect());
    const name = `prisma_migrate_shadow_db_${process.pid}_${Date.now()}`;
    const admin = async (sql) => {
      const c = new pg.Client({ connectionString: this.url });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    try {
      await admin(`CREATE DATABASE "${name}"`);
    } catch (e) {
      // The engine only reports "Failed to connect to the shadow database".
      this.shadowError =
        `could not create a shadow database (${e.message}). Give the database user the ` +
        `CREATEDB privilege, or set datasource.shadowDatabaseUrl in prisma.config.ts to an empty database.`;
      throw e;
    }
    const u = new URL(this.url);
    u.pathname = `/${name}`;
    const adapter = fixPg(await new PrismaPg({ connectionString: u.toString() }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin(`DROP DATABASE IF EXISTS "${name}"`);
    };
    return adapter;
  }
}

export function adapterFactoryFor(url, shadowUrl) {
  const provider = providerOf(url);
  if (provider === 'sqlite') return new SqliteFactory(url, shadowUrl);
  if (provider === 'postgresql') return new PgFactory(url, shadowUrl);
  throw new Error(`Unsupported database URL (want file:... or postgresql://...): ${url}`);
}

// Same DDL as the native engine's SQLite flavour.
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

export async function openEngine({ url, shadowUrl, schemaFiles = [], log = () => {} }) {
  const provider = providerOf(url);
  await loadPackages(provider);
  loadWasm();
  const rawFactory = adapterFactoryFor(url, shadowUrl);
  const factory = bindMigrationAwareSqlAdapterFactory(rawFactory);
  // The engine panics without a datamodel (e.g. for `prisma migrate diff`):
  // fall back to a bare datasource block for the URL's provider.
  const datamodels = schemaFiles.length
    ? schemaFiles.map((f) => [f, fs.readFileSync(f, 'utf8')])
    : [['schema.prisma', `datasource db {\n  provider = "${provider}"\n}\n`]];
  const newEngine = () => glue.SchemaEngine.new({ datamodels }, log, factory);
  let engine = await newEngine();

  const withSqlite = async (fn) => {
    const a = await rawFactory.connect();
    try {
      return await fn(a);
    } finally {
      await a.dispose();
    }
  };
  // The wasm SQLite connector reports a missing _prisma_migrations table as
  // error P1014 instead of "not initialized" (the PostgreSQL one copes).
  const sqliteHasMigrationsTable = () =>
    withSqlite(
      async (a) =>
        (
          await a.queryRaw({
            sql: `SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'`,
            args: [],
            argTypes: [],
          })
        ).rows.length > 0,
    );

  return {
    provider,
    factory,
    rawFactory,
    get engine() {
      return engine;
    },
    async call(method, params = {}) {
      if (provider === 'sqlite') {
        if (method === 'reset') {
          // The wasm connector's reset leaves the tables in place; do what the
          // native engine does: close the connections and truncate the file.
          await rawFactory.closeAll();
          const file = sqliteFile(url);
          if (file !== ':memory:' && fs.existsSync(file)) {
            fs.truncateSync(file, 0);
            for (const ext of ['-wal', '-shm', '-journal']) fs.rmSync(file + ext, { force: true });
          }
          engine.free();
          engine = await newEngine();
          return {};
        }
        if (method === 'devDiagnostic' && !(await sqliteHasMigrationsTable())) {
          await withSqlite((a) => a.executeScript(SQLITE_MIGRATIONS_TABLE));
        }
        if (method === 'diagnoseMigrationHistory' && !(await sqliteHasMigrationsTable())) {
          const names = params.migrationsList.migrationDirectories.map((d) => d.path);
          return {
            editedMigrationNames: [],
            failedMigrationNames: [],
            hasMigrationsTable: false,
            history: names.length ? { diagnostic: 'databaseIsBehind', unappliedMigrationNames: names } : null,
          };
        }
      }
      if (typeof engine[method] !== 'function')
        throw new Error(`Method ${method} is not supported by the wasm schema engine`);
      try {
        return await engine[method](params);
      } catch (e) {
        const cause = rawFactory.shadowError;
        if (!cause) throw e;
        rawFactory.shadowError = undefined;
        throw Object.assign(new Error(`Prisma Migrate ${cause}`), { code: 'P3014' });
      }
    },
  };
}
