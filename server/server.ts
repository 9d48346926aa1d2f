/**
 * Start-up in order: database (embedded or DATABASE_URL, migrated) → Prisma → demo data →
 * workflow engine (embedded, or Camunda 8.8) + client + model deployment → document services
 * (Chromium, archive), every job worker and the case-step projector → HTTP with the case and
 * disbursement workflows.
 * `close()` stops in reverse order.
 */
import type { Server } from 'node:http';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import { createApp } from './app';
import type { Config } from './config';
import { createDb, type Db } from './db/client';
import { openDatabase } from './db/database';
import { applyHolidayCalendar } from './db/holiday-calendar';
import { seedDemo } from './db/seed-demo';
import { seedDemoCases } from './api/cases/demo-cases';
import { schedulePendingCaseStarts } from './api/cases/start';
import type { Logger } from './log';
import { disbursementWorkflowOf } from './disbursement/workflow';
import { createDocumentServices } from './documents';
import { caseWorkflowOf } from './workflow/case-workflow';
import { startStepProjector } from './workflow/case-step-projector';
import { startWorkflow } from './workflow/engine';
import { registerWorkers } from './workflow/workers';

export interface RunningServer {
  url: string;
  db: Db;
  /** The official Camunda client, pointed at the embedded engine or at Camunda 8.8. */
  camunda: CamundaClient;
  /** Address of the embedded engine's REST API (undefined with ENGINE=camunda). */
  engineAddress?: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, log);
  const db = createDb(database.url);
  const closers: (() => Promise<void>)[] = [() => database.stop(), () => db.$disconnect()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) {
      await c().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    await applyHolidayCalendar(db, config.holidayUnknownYear);
    if (config.demo.seed) {
      const seeded = await seedDemo(db, config.demo.password);
      if (seeded.seeded) {
        const cases = await seedDemoCases(db);
        log.info({ cases }, '已登记演示申请');
        announceDemo(seeded.usernames, seeded.generatedPassword, log);
      }
    }
    const workflow = await startWorkflow(config, database.url, log);
    closers.push(() => workflow.close());
    const documents = await createDocumentServices(config);
    closers.push(() => documents.close());
    const workers = registerWorkers(workflow.client, {
      db,
      config,
      log: log.child({ component: 'workers' }),
      documents,
    });
    // Stopped before the document services close, so no job renders on a closed browser.
    closers.push(async () => workflow.client.stopAllWorkers());
    log.info({ workers: workers.length }, '任务处理器已注册');
    // 当前步骤 of the case lists, from the engine (stopped before the engine and the database).
    const steps = startStepProjector(
      { db, camunda: workflow.client, log: log.child({ component: 'case-steps' }) },
      config.caseStepRefreshSeconds,
    );
    closers.push(() => steps.stop());
    const appContext = {
      config,
      log,
      db,
      camunda: workflow.client,
      workflow: caseWorkflowOf(workflow.client, db, config),
      disbursementWorkflow: disbursementWorkflowOf(workflow.client, db),
    };
    const app = createApp(appContext);
    // Cases whose process start a crash cut off (server/api/cases/start.ts).
    const pendingStarts = schedulePendingCaseStarts(appContext);
    closers.push(async () => pendingStarts.stop());
    const http = await listen(app, config.host, config.port);
    closers.push(() => closeHttp(http));
    const address = http.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    log.info({ url }, '服务已启动');
    return { url, db, camunda: workflow.client, engineAddress: workflow.engineAddress, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function listen(app: ReturnType<typeof createApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  });
}

function announceDemo(usernames: string[], generatedPassword: string | undefined, log: Logger): void {
  log.info({ usernames }, '已创建演示数据（渝北区，双龙湖街道、龙溪街道）');
  // Printed once on the console (not through the JSON log) so it is seen and not shipped to log stores.
  const pw = generatedPassword
    ? `密码（本次生成，仅显示一次）：${generatedPassword}`
    : '密码：DEMO_PASSWORD 的值';
  process.stdout.write(`\n演示账号：${usernames.join('、')}\n${pw}\n\n`);
}
