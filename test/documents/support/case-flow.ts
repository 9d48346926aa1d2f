/**
 * A case run as the product runs it, for the documents it issues: the real HTTP API (createApp)
 * registers the application and starts the process (CaseWorkflow), users of the real roles
 * complete every step through POST /api/tasks/:key/completion (the forms of ui/src/forms, the
 * step records in case.data.steps), and every real worker — generate-document with the real
 * Chromium renderer and archive — runs against the embedded engine. Nothing is seeded into
 * case.data for the documents: what they print comes from the case, the forms and the workers.
 */
import type { Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type AppContext } from '../../../server/app';
import type { Role } from '../../../server/auth/roles';
import { createSession } from '../../../server/auth/session';
import { loadConfig, type Config } from '../../../server/config';
import type { Db } from '../../../server/db/client';
import { createDocumentServices, type DocumentServices } from '../../../server/documents';
import { createLogger } from '../../../server/log';
import { caseWorkflowOf } from '../../../server/workflow/case-workflow';
import { registerWorkers } from '../../../server/workflow/workers';
import { Client } from '../../api/support/harness';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { pdfText } from '../helpers';
import { processWaits } from '../../helpers/process-waits';

const NOW = { consistency: { waitUpToMs: 0 } };
const MODELS = ['dibao', 'tekun', 'linshi', 'yishiyiyi'].map((m) => path.join('workflows', `${m}.bpmn`));

export const DISTRICT = {
  code: '500112',
  name: '渝北区',
  shortName: '渝北',
  contactOffice: '渝北区民政局社会救助科',
  contactPhone: '023-67812345',
};
export const STREET = {
  code: '500112001',
  name: '双龙湖街道',
  districtCode: DISTRICT.code,
  contactOffice: '双龙湖街道社会事务办公室',
  contactPhone: '023-67821234',
};

/** The staff, by display name (what the documents print). */
export const STAFF: { name: string; role: Role; street: boolean }[] = [
  { name: '李娜', role: 'street_clerk', street: true },
  { name: '王建国', role: 'street_investigator', street: true },
  { name: '陈晓梅', role: 'street_investigator', street: true },
  { name: '刘红梅', role: 'street_reviewer', street: true },
  { name: '孙丽', role: 'district_verifier', street: false },
  { name: '周国平', role: 'district_official', street: false },
];

export interface CaseFlow {
  t: TestEngine;
  db: Db;
  config: Config;
  documents: DocumentServices;
  /** A signed-in client of the staff member of that display name. */
  as(name: string): Promise<Client>;
  /** Waits for the open task `elementId` (failing on an incident), completes it as `name`. */
  complete(pik: string, elementId: string, name: string, form: Record<string, unknown>): Promise<void>;
  /** The open task's detail as the API shows it (formValues). */
  detail(pik: string, elementId: string, name: string): Promise<any>;
  advanceDays(days: number): Promise<void>;
  incidents(pik: string): Promise<string>;
  ended(pik: string): Promise<void>;
  passed(pik: string): Promise<string[]>;
  /** Waits until the element has completed in the instance. */
  reached(pik: string, elementId: string): Promise<void>;
  /** pdftotext of an archived document (whitespace removed). */
  text(fileSha256: string): Promise<string>;
  close(): Promise<void>;
}

export async function startCaseFlow(label: string): Promise<CaseFlow> {
  const t = await startTestEngine(label);
  const db = t.db.db;
  const dataDir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DOCUMENT_PAGES: '1' });
  let pinned = Date.now();
  await t.pinClock(pinned);
  await db.district.create({ data: DISTRICT });
  await db.street.create({ data: STREET });
  const ids = new Map<string, string>();
  for (const [i, s] of STAFF.entries()) {
    const u = await db.user.create({
      data: {
        username: `flow-${i}`,
        displayName: s.name,
        role: s.role,
        districtCode: DISTRICT.code,
        streetCode: s.street ? STREET.code : null,
        passwordHash: 'not-used-sessions-are-minted',
      },
    });
    ids.set(s.name, u.id);
  }
  const documents = await createDocumentServices(config);
  registerWorkers(t.client, {
    db,
    config,
    documents,
    clock: () => new Date(pinned),
    spotCheckSeed: 'documents-from-a-real-case-flow',
  });
  await t.deploy(...MODELS);
  const ctx: AppContext = {
    config,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    db,
    camunda: t.client,
    workflow: caseWorkflowOf(t.client, db, config),
  };
  const server: Server = await new Promise((resolve) => {
    const s = createApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const as = async (name: string) => {
    const s = await createSession(db, ids.get(name)!, config.auth);
    return new Client(base, `jz_session=${s.token}`, s.csrfToken);
  };
  const { incidents, until, openTask } = processWaits(t.api);

  return {
    t,
    db,
    config,
    documents,
    as,
    async complete(pik, elementId, name, form) {
      const task = await openTask(pik, elementId);
      const r = await (await as(name)).post(`/api/tasks/${task.userTaskKey}/completion`, { form });
      if (r.status !== 200) throw new Error(`${elementId} (${name}): ${r.status} ${r.text}`);
    },
    async detail(pik, elementId, name) {
      const task = await openTask(pik, elementId);
      const r = await (await as(name)).get(`/api/tasks/${task.userTaskKey}`);
      if (r.status !== 200) throw new Error(`${elementId} (${name}): ${r.status} ${r.text}`);
      return r.body;
    },
    async advanceDays(days) {
      pinned += days * 86_400_000;
      await t.pinClock(pinned);
    },
    incidents,
    ended: (pik) =>
      until('等待流程结束', pik, async () => {
        const r = await t.api.searchProcessInstances({ filter: { processInstanceKey: pik } }, NOW);
        return r.items[0]?.state === 'COMPLETED' ? true : undefined;
      }).then(() => undefined),
    async passed(pik) {
      const r = await t.api.searchElementInstances(
        { filter: { processInstanceKey: pik, state: 'COMPLETED' }, page: { limit: 500 } },
        NOW,
      );
      return r.items.map((e: any) => e.elementId as string);
    },
    reached: (pik, elementId) =>
      until(`等待 ${elementId}`, pik, async () => {
        const r = await t.api.searchElementInstances(
          { filter: { processInstanceKey: pik, elementId, state: 'COMPLETED' } },
          NOW,
        );
        return r.items.length ? true : undefined;
      }).then(() => undefined),
    async text(sha) {
      const pdf = await documents.store.read(sha);
      if (!pdf) throw new Error(`归档文件缺失：${sha}`);
      const file = path.join(dataDir, `${sha}.pdf`);
      writeFileSync(file, pdf);
      return pdfText(file);
    },
    async close() {
      t.client.stopAllWorkers();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await documents.close();
      await t.close();
    },
  };
}
