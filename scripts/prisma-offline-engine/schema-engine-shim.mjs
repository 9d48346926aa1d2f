#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which Prisma 7's CLI
// downloads from Prisma's CDN. Point PRISMA_SCHEMA_ENGINE_BINARY at this file
// and the CLI's requests are served by the wasm schema engine from npm:
//   schema-engine --datamodels <file>... --datasource <json>      JSON-RPC on stdin/stdout
//   schema-engine --datasource <json> cli <command>               one-shot command
// The npm packages it uses are loaded from the project the CLI runs in (the
// current directory, or the nearest folder above it with a package.json).
import fs from 'node:fs';
import readline from 'node:readline';
import { missingPackages, missingPackagesMessage } from './project-modules.mjs';
import {
  openEngine,
  providerOf,
  sqliteFile,
  lastPanic,
  loadPg,
  ENGINE_PACKAGES,
  PROVIDER_PACKAGES,
} from './wasm-schema-engine.mjs';

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write('schema-engine-cli wasm-shim\n');
  process.exit(0);
}
const schemaFiles = [];
let datasource = {};
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--datamodels') schemaFiles.push(args[++i]);
  else if (args[i] === '--datasource') datasource = JSON.parse(args[++i]);
  else if (args[i] === '--enabled-preview-features' || args[i] === '--extension-types') i++;
}
const url = datasource.url;
const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;
const cliIndex = args.indexOf('cli');

// Stop with a plain explanation, not a stack trace, when the project lacks a
// package (all of them are named at once, even those a one-shot command does
// not use). Stderr gets one line for a person, then a JSON log line, which is
// what the CLI reads and shows.
{
  const missing = missingPackages([...ENGINE_PACKAGES, ...(PROVIDER_PACKAGES[providerOf(url)] ?? [])]);
  if (missing.length) {
    const message = missingPackagesMessage(missing);
    process.stderr.write(
      message +
        '\n' +
        JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { message } }) +
        '\n',
    );
    process.exit(1);
  }
}

// One-shot commands report failures as JSON log lines on stderr (the CLI
// skips the first stderr line) and a non-zero exit code.
async function oneShot(command) {
  const fail = (code, message) => {
    process.stderr.write(
      'schema-engine-shim\n' +
        JSON.stringify({
          level: 'ERROR',
          target: 'schema_engine::logger',
          fields: { error_code: code, message },
        }) +
        '\n',
    );
    process.exit(1);
  };
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    const file = sqliteFile(url);
    if (command === 'can-connect-to-database') {
      if (!fs.existsSync(file)) fail('P1003', `Database ${file} does not exist`);
    } else if (command === 'create-database') {
      if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    } else if (command === 'drop-database') {
      fs.rmSync(file, { force: true });
    } else fail('P1000', `Unknown cli command ${command}`);
    process.exit(0);
  }
  if (provider === 'postgresql') {
    const u = new URL(url);
    const dbName = decodeURIComponent(u.pathname.slice(1)) || 'postgres';
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const pg = await loadPg();
    const run = async (target, sql) => {
      const c = new pg.Client({ connectionString: target });
      await c.connect();
      try {
        if (sql) await c.query(sql);
      } finally {
        await c.end();
      }
    };
    try {
      if (command === 'can-connect-to-database') await run(url);
      else if (command === 'create-database')
        await run(admin.toString(), `CREATE DATABASE ${quoteIdent(dbName)}`);
      else if (command === 'drop-database')
        await run(admin.toString(), `DROP DATABASE IF EXISTS ${quoteIdent(dbName)}`);
      else fail('P1000', `Unknown cli command ${command}`);
    } catch (e) {
      if (e.code === '3D000')
        fail('P1003', `Database \`${dbName}\` does not exist on the database server at \`${u.host}\`.`);
      fail('P1001', `Can't reach database server at \`${u.host}\`: ${e.message}`);
    }
    process.exit(0);
  }
  fail('P1013', `The wasm schema engine shim supports file: and postgresql:// URLs only`);
}
if (cliIndex !== -1) await oneShot(args[cliIndex + 1]);

// JSON-RPC server.
const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
const logError = (message) =>
  process.stderr.write(
    JSON.stringify({ level: 'ERROR', fields: { message }, target: 'schema_engine_shim' }) + '\n',
  );
let opened;
const open = () =>
  (opened ??= openEngine({
    url,
    shadowUrl: datasource.shadowDatabaseUrl,
    schemaFiles,
    log: (line) => process.stderr.write(line.endsWith('\n') ? line : line + '\n'),
  }));

async function handle(method, params) {
  switch (method) {
    case 'getDatabaseVersion':
      return (await open()).call('version', params);
    case 'createDatabase':
      if (providerOf(url) === 'sqlite') {
        const file = sqliteFile(url);
        if (!fs.existsSync(file)) fs.writeFileSync(file, '');
        return { databaseName: file };
      }
      throw new Error('createDatabase is only supported for SQLite by the wasm shim');
    case 'diff': {
      // The native engine prints the diff through a "print" request to the CLI.
      const result = await (await open()).call('diff', params);
      if (typeof result?.stdout === 'string' && result.stdout.length) {
        send({
          id: `print-${Date.now()}`,
          method: 'print',
          params: { content: result.stdout.replace(/\n$/, '') },
        });
      }
      return { ...result, stdout: null };
    }
    default:
      return (await open()).call(method, params ?? {});
  }
}

let queue = Promise.resolve(); // one request at a time, in order
let current; // id of the request being served
process.on('uncaughtException', (e) => {
  const message = `${e?.message ?? e}\n${lastPanic()}`;
  logError(message);
  if (current !== undefined)
    send({
      id: current,
      error: {
        code: 4466,
        message: 'Schema engine panicked.',
        data: { is_panic: true, message, error: { message } },
      },
    });
  process.exit(101);
});
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  const req = JSON.parse(line);
  if (req.method === undefined) return; // the CLI's answer to a "print" request
  queue = queue.then(async () => {
    current = req.id;
    try {
      send({ id: req.id, result: (await handle(req.method, req.params)) ?? {} });
    } catch (e) {
      const panic = e instanceof WebAssembly.RuntimeError ? lastPanic() : '';
      const message = (e?.message ?? String(e)) + (panic ? `\n${panic}` : '');
      logError(message);
      send({
        id: req.id,
        error: {
          code: 4466,
          message: 'An error happened. Check the data field for details.',
          data: {
            is_panic: false,
            message,
            error_code: /^P\d{4}$/.test(e?.code ?? '') ? e.code : undefined,
            meta: e?.meta,
          },
        },
      });
    }
  });
});
rl.on('close', async () => {
  await queue;
  process.exit(0);
});
