/**
 * The stage of the browser tests that look at one step of a 低保 case: an embedded engine running
 * workflows/dibao.bpmn, the real server with the built UI and the demo district, headless
 * Chromium, and the first demo 低保 case of 双龙湖街道 with its process started and linked, waiting
 * at 受理审查 (its deadline job done). The service tasks on the way to the step a test looks at are
 * completed by the test through the engine API with `finishJob`: the workers are not what these
 * files test (they run in test/workflow and test/e2e/dibao-full-path).
 */
import path from 'node:path';
import { seedDemoCases } from '../../../server/api/cases/demo-cases';
import type { Config } from '../../../server/config';
import { addDays, chinaDate, endOfDayInChina } from '../../../server/domain/dates';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { launchBrowser, type TestBrowser } from './browser';
import { startUiServer, type UiServer } from './server';

const NOW = { consistency: { waitUpToMs: 0 } };

/** The end of the day `n` days from today, in China. */
export const dayFromToday = (n: number) => endOfDayInChina(addDays(chinaDate(new Date()), n));

export interface DibaoAtTheWindow {
  engine: TestEngine;
  server: UiServer;
  browser: TestBrowser;
  kase: { id: string; caseNo: string; districtCode: string; streetCode: string };
  /** The case's process instance key. */
  pi: string;
  /** Activates the one waiting job of `type` and completes it with `variables`. */
  finishJob(type: string, variables?: Record<string, unknown>): Promise<void>;
  /** The case's open user tasks of `elementId`. */
  openTasks(elementId: string): Promise<{ userTaskKey: string }[]>;
  close(): Promise<void>;
}

export async function dibaoAtTheWindow(label: string, config?: Config): Promise<DibaoAtTheWindow> {
  const engine = await startTestEngine(label);
  await engine.deploy(path.join(import.meta.dirname, '..', '..', '..', 'workflows', 'dibao.bpmn'));
  const [server, browser] = await Promise.all([
    startUiServer(label, { camunda: engine.client, ...(config ? { config } : {}) }),
    launchBrowser(),
  ]);
  const db = server.tdb.db;
  await seedDemoCases(db);
  const kase = await db.case.findFirstOrThrow({
    where: { streetCode: '500112001', type: 'dibao' },
    orderBy: { caseNo: 'asc' },
  });
  const started = await engine.api.createProcessInstance({
    processDefinitionId: 'dibao',
    variables: {
      caseId: kase.id,
      caseNo: kase.caseNo,
      districtCode: kase.districtCode,
      streetCode: kase.streetCode,
      appliedOn: chinaDate(new Date()),
      staffRelative: false,
      communityAssessment: true,
    },
  });
  const pi: string = started.processInstanceKey;
  await db.case.update({ where: { id: kase.id }, data: { processInstanceKey: pi, status: 'in_progress' } });

  const finishJob = engine.finishJob;
  const openTasks = async (elementId: string) => {
    const r = await engine.api.searchUserTasks(
      { filter: { processInstanceKey: pi as never, elementId, state: 'CREATED' } },
      NOW,
    );
    return r.items as { userTaskKey: string }[];
  };
  await finishJob('compute-deadlines', { acceptanceDue: dayFromToday(7) });

  return {
    engine,
    server,
    browser,
    kase,
    pi,
    finishJob,
    openTasks,
    close: async () => {
      await browser.close();
      await server.close();
      await engine.close();
    },
  };
}
