/**
 * Whole cases through the embedded engine: the four case models deployed, every real worker
 * registered through `registerWorkers` (generate-document with the real Chromium renderer and
 * archive), a district with streets and a 临时救助 band table, cases registered as the API
 * registers them (`registerApplication`) and started by the real CaseWorkflow, user tasks completed
 * through the official client with the form variables of workflows/README.md. The engine clock is
 * pinned; the workers date things by the same clock.
 *
 * The case file also holds what the forms would have collected for each document (the data of
 * templates/samples, without the fields that come from the case itself), as the API stores it
 * under case.data[<template>].
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../server/config';
import type { Db } from '../../../server/db/client';
import { createDocumentServices, type DocumentServices } from '../../../server/documents';
import { FileStore } from '../../../server/documents/archive/file-store';
import { DOCUMENTS } from '../../../server/documents/catalog';
import { chinaDate } from '../../../server/domain/dates';
import { checkCharacter } from '../../../server/domain/id-number';
import { registerApplication } from '../../../server/api/cases/store';
import { caseWorkflowOf } from '../../../server/workflow/case-workflow';
import { registerWorkers } from '../../../server/workflow/workers';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { DISTRICT, STREETS, seedDistrict } from '../../disbursement/support/world';
import { RecordingRenderer, type Recorded } from './recording-renderer';
import { processWaits } from '../../helpers/process-waits';

export { DISTRICT, STREETS };
export const STREET = STREETS[0]!.code;
const WAIT = { consistency: { waitUpToMs: 0 } };
const MODELS = ['dibao', 'tekun', 'linshi', 'yishiyiyi'].map((m) => path.join('workflows', `${m}.bpmn`));

/** Keys the case itself supplies to documents; the samples' values for them are dropped. */
const FROM_CASE = ['issuer', 'documentNumber', 'date', 'caseNo', 'recipient', 'applicant', 'caseType'];
const FROM_CASE_TOO = ['appliedOn', 'acceptedOn', 'householdSize', 'monthlyAmount', 'bankAccount', 'address'];
/** 临时救助: the event and the earlier application of a 不予受理通知书 come from the case file. */
const FROM_LINSHI = ['event', 'duplicateOf', 'earlier'];

export function documentData(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of DOCUMENTS) {
    const file = path.join('templates', 'samples', `${d.name}.json`);
    const sample = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const k of [...FROM_CASE, ...FROM_CASE_TOO, ...FROM_LINSHI]) delete sample[k];
    // The 入户调查表 lists health and occupation per member, which only the visit records.
    if (d.name !== 'home-visit-record') delete sample.members;
    out[d.name] = sample;
  }
  return out;
}

let serial = 0;
function idNumber(birth: string): string {
  serial++;
  const first17 = `500112${birth}${String(100 + (serial % 900)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export interface CaseSpec {
  type: 'dibao' | 'tekun' | 'linshi';
  linshiKind?: 'emergency' | 'expense';
  staffRelative?: boolean;
  /** Monthly income of the applicant (yuan). */
  income?: number;
  size?: number;
  /** The applicant's 身份证号 (default: a new one). */
  idNumber?: string;
  /** Extra case data: `requestedAmount`, `event` … */
  data?: Record<string, unknown>;
}

export interface World {
  t: TestEngine;
  db: Db;
  config: Config;
  documents: DocumentServices;
  /** What the recording stand-in rendered (empty with real Chromium). */
  rendered: Recorded[];
  today(): string;
  /** Moves the pinned clock (engine and workers) forward; due timers have fired when it resolves. */
  advance(days: number): Promise<void>;
  register(spec: CaseSpec): ReturnType<typeof registerCase>;
  /** Registers and starts the case through the CaseWorkflow; returns the process instance key. */
  start(spec: CaseSpec): Promise<{ id: string; caseNo: string; pik: string }>;
  /** The open user task `elementId` of the instance (waits for the workers to get there). */
  task(pik: string, elementId: string): Promise<any>;
  /** Completes it with the form's default variables and `vars`; `assignee` claims it first. */
  complete(pik: string, elementId: string, vars?: Record<string, unknown>, assignee?: string): Promise<any>;
  publish(name: string, caseId: string, variables?: Record<string, unknown>): Promise<void>;
  variables(pik: string): Promise<Record<string, any>>;
  /** Waits until the instance has completed (or fails with its incidents). */
  ended(pik: string): Promise<void>;
  /** The instance's elements that completed, in order. */
  passed(pik: string): Promise<string[]>;
  /** The instance's elements that are active now (subprocesses included). */
  active(pik: string): Promise<string[]>;
  /** Waits until the element has completed at least `times` times in the instance. */
  reached(pik: string, elementId: string, times?: number): Promise<void>;
  child(pik: string): Promise<string>;
  close(): Promise<void>;
}

/** The form variables a step's default completion sets (workflows/README.md "User tasks"). */
export function form(elementId: string, today: string): Record<string, unknown> {
  const visit = {
    visitedOn: today,
    investigators: ['inv-a', 'inv-b'],
    familySigned: true,
    findings: '无劳动收入',
  };
  const forms: Record<string, Record<string, unknown>> = {
    accept: { materialsComplete: true, missingMaterials: [], acceptedOn: today },
    'home-visit': { homeVisit: visit },
    'home-visit-cosign': { homeVisitCosigned: true },
    'neighbour-visit': { neighbourVisit: { visitedOn: today, neighbours: '邻居王某', findings: '属实' } },
    verification: { verification: { reportNo: 'HD-2026-001', completedOn: today, findings: '无车无房' } },
    'self-care-assessment': {
      selfCare: { eating: false, dressing: false, bed: false, toilet: true, walking: true, bathing: false },
    },
    'community-assessment': {
      assessmentRecord: { heldOn: today, participants: 7, result: 'agree', minutes: '一致同意' },
    },
    'initial-review': { initialOpinion: 'eligible', initialOpinionText: '符合条件' },
    'street-review': { streetOpinion: 'eligible', streetOpinionText: '符合条件' },
    'refusal-notice': { refusalDeliveredOn: today, deliveryMethod: 'in-person' },
    'overdue-supervision': { supervision: { note: '督促办理', actionTaken: '已电话督办' } },
    'district-home-visit': {
      districtVisit: { visitedOn: today, visitors: ['区民政局甲', '区民政局乙'], findings: '属实' },
    },
    meeting: {
      meeting: {
        date: today,
        chair: '李局长',
        attendees: ['甲', '乙', '丙'],
        opinions: [{ member: '甲', opinion: '同意' }],
      },
      panelReasons: '重大疾病，自付费用远超分档上限',
    },
    'signoff-clerk': { clerkApproved: true, clerkOpinion: '同意' },
    'signoff-section': { sectionApproved: true, sectionOpinion: '同意' },
    'signoff-head': { headApproved: true, headOpinion: '同意' },
  };
  const key = elementId.replace(/^(dibao|tekun|linshi|yishiyiyi)-/, '');
  return forms[key] ?? {};
}

/** Registers an application as the API does (household, members, checklist, number). */
export async function registerCase(db: Db, spec: CaseSpec, appliedAt = new Date()) {
  serial++;
  const size = spec.size ?? 2;
  const members = Array.from({ length: size }, (_, i) => ({
    name: i === 0 ? `申请人${serial}` : `家属${serial}-${i}`,
    idNumber: spec.idNumber && i === 0 ? spec.idNumber : idNumber(i === 0 ? '19600101' : '20100101'),
    relation: (i === 0 ? 'applicant' : 'child') as 'applicant' | 'child',
    monthlyIncome: i === 0 ? (spec.income ?? 0) : 0,
    staffRelative: i === 0 && !!spec.staffRelative,
    student: i > 0,
  }));
  const reg = await db.$transaction(
    (tx) =>
      registerApplication(
        tx,
        {
          type: spec.type,
          ...(spec.linshiKind ? { linshiKind: spec.linshiKind } : {}),
          reason: '家庭困难',
          household: {
            area: 'urban',
            address: `${STREET} 幸福路 ${serial} 号`,
            bankName: '重庆农村商业银行',
            bankAccount: `6228480${String(serial).padStart(12, '0')}`,
          },
          members,
        } as never,
        { districtCode: DISTRICT.code, streetCode: STREET, userId: randomUUID() },
      ),
    // The shared machine is busy; Prisma's default of 5 s is not about correctness here.
    { timeout: 30_000, maxWait: 30_000 },
  );
  await db.case.update({
    where: { id: reg.id },
    data: { appliedAt, data: { ...documentData(), ...(spec.data ?? {}) } as never },
  });
  return {
    id: reg.id,
    caseNo: reg.caseNo,
    householdId: reg.householdId,
    applicantIdNumber: members[0]!.idNumber,
  };
}

export interface WorldOptions {
  /**
   * `chromium`: real PDFs (slow: about ten seconds a document here); `recording`: the stand-in
   * of support/recording-renderer.ts — everything real but the printing, which it records.
   */
  renderer: 'chromium' | 'recording';
  env?: Record<string, string>;
}

export async function createWorld(label: string, opts: WorldOptions): Promise<World> {
  const t = await startTestEngine(label);
  const db = t.db.db;
  const dataDir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  const config = loadConfig({ DATA_DIR: dataDir, DOCUMENT_PAGES: '1', ...opts.env });
  let pinned = Date.parse('2026-03-02T09:00:00+08:00');
  await t.pinClock(pinned);
  await seedDistrict(db);
  await db.linshiDistrictPolicy.create({
    data: {
      districtCode: DISTRICT.code,
      streetApprovalLimit: 1000,
      incomeReferenceYear: 2025,
      urbanIncomeReference: 45_000,
      ruralIncomeReference: 20_000,
      bands: {
        create: [
          { kind: 'urgent', level: 1, name: '一档', ceiling: 1000 },
          { kind: 'urgent', level: 2, name: '二档', ceiling: 3000 },
          { kind: 'expense', level: 1, name: '一档', ceiling: 2000 },
          { kind: 'expense', level: 2, name: '二档', ceiling: 5000 },
        ],
      },
    },
  });
  const recording =
    opts.renderer === 'recording' ? await RecordingRenderer.create(config.documents.fontDir) : null;
  const documents: DocumentServices = recording
    ? {
        renderer: recording as unknown as DocumentServices['renderer'],
        store: new FileStore(config.documents.archiveDir),
        close: () => recording.close(),
      }
    : await createDocumentServices(config);
  registerWorkers(t.client, {
    db,
    config,
    documents,
    clock: () => new Date(pinned),
    spotCheckSeed: 'workflow-test-seed',
  });
  await t.deploy(...MODELS);
  const flow = caseWorkflowOf(t.client, db, config);
  const today = () => chinaDate(new Date(pinned));

  const { until } = processWaits(t.api);

  const w: World = {
    t,
    db,
    config,
    documents,
    rendered: recording?.rendered ?? [],
    today,
    advance: async (days) => {
      pinned += days * 86_400_000;
      await t.pinClock(pinned);
    },
    register: (spec) => registerCase(db, spec, new Date(pinned)),
    async start(spec) {
      const c = await w.register(spec);
      const started = await flow.startCase({
        id: c.id,
        caseNo: c.caseNo,
        type: spec.type,
        districtCode: DISTRICT.code,
        streetCode: STREET,
        staffRelative: !!spec.staffRelative,
        linshiKind: spec.linshiKind ?? null,
      });
      await db.case.update({
        where: { id: c.id },
        data: { processInstanceKey: started.processInstanceKey, status: 'in_progress' },
      });
      return { ...c, pik: started.processInstanceKey };
    },
    task: (pik, elementId) =>
      until(`等待任务 ${elementId}`, pik, async () => {
        const r = await t.api.searchUserTasks(
          { filter: { processInstanceKey: pik, elementId, state: 'CREATED' } },
          WAIT,
        );
        return r.items[0];
      }),
    async complete(pik, elementId, vars = {}, assignee) {
      const task = await w.task(pik, elementId);
      if (assignee)
        await t.api.assignUserTask({ userTaskKey: task.userTaskKey, assignee, allowOverride: true });
      await t.api.completeUserTask({
        userTaskKey: task.userTaskKey,
        variables: { ...form(elementId, today()), ...vars },
      });
      return task;
    },
    async publish(name, caseId, variables = {}) {
      await t.api.publishMessage({ name, correlationKey: caseId, timeToLive: 0, variables });
    },
    async variables(pik) {
      const r = await t.api.searchVariables(
        { filter: { processInstanceKey: pik }, page: { limit: 500 } },
        WAIT,
      );
      const out: Record<string, any> = {};
      for (const v of r.items.filter((i: any) => i.scopeKey === pik)) out[v.name] = JSON.parse(v.value);
      return out;
    },
    ended: (pik) =>
      until('等待流程结束', pik, async () => {
        const r = await t.api.searchProcessInstances({ filter: { processInstanceKey: pik } }, WAIT);
        return r.items[0]?.state === 'COMPLETED' ? true : undefined;
      }).then(() => undefined),
    async passed(pik) {
      const r = await t.api.searchElementInstances(
        { filter: { processInstanceKey: pik, state: 'COMPLETED' }, page: { limit: 500 } },
        WAIT,
      );
      return r.items.map((e: any) => e.elementId);
    },
    async active(pik) {
      const r = await t.api.searchElementInstances(
        { filter: { processInstanceKey: pik, state: 'ACTIVE' }, page: { limit: 500 } },
        WAIT,
      );
      return r.items.map((e: any) => e.elementId);
    },
    reached: (pik, elementId, times = 1) =>
      until(`等待 ${elementId}`, pik, async () => {
        const done = (await w.passed(pik)).filter((e) => e === elementId).length;
        return done >= times ? true : undefined;
      }).then(() => undefined),
    child: (pik) =>
      until('等待子流程', pik, async () => {
        const r = await t.api.searchProcessInstances({ filter: { parentProcessInstanceKey: pik } }, WAIT);
        return r.items[0]?.processInstanceKey as string | undefined;
      }),
    async close() {
      t.client.stopAllWorkers();
      await documents.close();
      await t.close();
    },
  };
  return w;
}
