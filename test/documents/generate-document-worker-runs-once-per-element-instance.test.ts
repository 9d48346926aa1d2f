/**
 * The generate-document worker's handler, called with the job fields the official client hands
 * to a job worker, against the real database and Chromium: the same job twice (a retry) gives
 * one document and one 文号; a new element instance gives the next number; data the template
 * cannot use fails with a zh-CN message and takes no number. (The engine that activates the job
 * is built in parallel; end-to-end runs through it come with the workflow tests.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStore } from '../../server/documents/archive/file-store';
import { verifyChain } from '../../server/documents/archive/verify';
import { DocumentRenderer } from '../../server/documents/renderer';
import {
  handleGenerateDocument,
  type GenerateDocumentDeps,
  type GenerateDocumentJob,
} from '../../server/workflow/workers/generate-document';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { pdfText, seedCase } from './helpers';

let t: TestDatabase;
let deps: GenerateDocumentDeps;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase('worker');
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-worker-'));
  deps = {
    db: t.db,
    store: new FileStore(dir),
    renderer: await DocumentRenderer.create(),
    defaults: { deadlineWorkingDays: 25 },
  };
}, 60_000);
afterAll(async () => {
  await deps?.renderer.close();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const job = (
  elementInstanceKey: string,
  caseId: string,
  template: string,
  variables: Record<string, unknown> = {},
) =>
  ({
    jobKey: `${elementInstanceKey}1`,
    elementInstanceKey,
    processInstanceKey: '2251799813685200',
    customHeaders: { template },
    variables: { caseId, documentDate: '2026-11-29', ...variables },
  }) as unknown as GenerateDocumentJob;

const grantVariables = {
  standard: 770,
  startMonth: '2026-11',
  contact: { office: '渝北区民政局社会救助科', phone: '023-67812345' },
  // Process variables the template does not use are ignored.
  approvedBy: 'yb-official',
};

it('creates one document and one 文号 when the same job runs twice', async () => {
  const { case: c, household } = await seedCase(t.db);
  const first = await handleGenerateDocument(
    deps,
    job('2251799813685301', c.id, 'grant-notice', grantVariables),
  );
  const again = await handleGenerateDocument(
    deps,
    job('2251799813685301', c.id, 'grant-notice', grantVariables),
  );
  expect(again).toEqual(first);
  expect(first.documentNumber).toBe('渝北民救〔2026〕1号');
  const rows = await t.db.archiveDocument.findMany({ where: { caseId: c.id } });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    id: first.documentId,
    householdId: household.id,
    idempotencyKey: 'job:2251799813685301',
  });
  const counter = await t.db.documentNumberCounter.findUniqueOrThrow({
    where: { issuerCode_year: { issuerCode: '500112', year: 2026 } },
  });
  expect(counter.last).toBe(1);

  // The PDF shows the case's data: the applicant, the household size and amount from the case.
  const file = path.join(dir, 'grant.pdf');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, (await deps.store.read(rows[0]!.fileSha256))!);
  const text = pdfText(file);
  expect(text).toContain('渝北民救〔2026〕1号');
  expect(text).toContain('张明华：');
  expect(text).toContain('保障人数3人');
  expect(text).toContain('1410元');
});

it('gives the next element instance the next number, and the 街道 its own sequence', async () => {
  const { case: c } = await seedCase(t.db);
  const grant = await handleGenerateDocument(
    deps,
    job('2251799813685302', c.id, 'grant-notice', grantVariables),
  );
  expect(grant.documentNumber).toBe('渝北民救〔2026〕2号');
  const acceptance = await handleGenerateDocument(
    deps,
    job('2251799813685303', c.id, 'acceptance-notice', {
      contact: { office: '双龙湖街道社会事务办公室', phone: '023-67821234' },
    }),
  );
  expect(acceptance.documentNumber).toBe('渝北双龙湖民救〔2026〕1号');
  const delegated = await handleGenerateDocument(deps, {
    ...job('2251799813685304', c.id, 'grant-notice', grantVariables),
    customHeaders: { template: 'grant-notice', issuer: 'street' },
  } as GenerateDocumentJob);
  expect(delegated.documentNumber).toBe('渝北双龙湖民救〔2026〕2号');
  expect((await verifyChain(t.db, deps.store, { districtCode: '500112' })).ok).toBe(true);
});

it('fails with a Chinese message and takes no number when the data is incomplete', async () => {
  const { case: c } = await seedCase(t.db);
  const before = await t.db.documentNumberCounter.findMany();
  await expect(
    handleGenerateDocument(deps, job('2251799813685305', c.id, 'refusal-notice', {})),
  ).rejects.toThrow(/不予确认通知书数据不完整或有误：.*reasons/);
  await expect(handleGenerateDocument(deps, job('2251799813685306', c.id, 'no-such', {}))).rejects.toThrow(
    '没有名为 no-such 的公文模板',
  );
  await expect(
    handleGenerateDocument(deps, {
      ...job('2251799813685307', c.id, 'grant-notice'),
      customHeaders: {},
    } as GenerateDocumentJob),
  ).rejects.toThrow('任务头缺少 template');
  expect(await t.db.documentNumberCounter.findMany()).toEqual(before);
  expect(await t.db.archiveDocument.count({ where: { caseId: c.id } })).toBe(0);
});

it('prints the issuing office’s contact from its record, and names the office whose contact is missing', async () => {
  const { case: c } = await seedCase(t.db);
  // The street has no contact yet: the task fails with a message an administrator can act on.
  await expect(
    handleGenerateDocument(deps, job('2251799813685308', c.id, 'acceptance-notice', {})),
  ).rejects.toThrow('重庆市渝北区双龙湖街道办事处尚未设置联系单位和联系电话');
  await t.db.street.update({
    where: { code: c.streetCode },
    data: { contactOffice: '双龙湖街道社会事务办公室', contactPhone: '023-67821234' },
  });
  const { documentId } = await handleGenerateDocument(
    deps,
    job('2251799813685308', c.id, 'acceptance-notice', {}),
  );
  const row = await t.db.archiveDocument.findUniqueOrThrow({ where: { id: documentId } });
  const file = path.join(dir, 'acceptance.pdf');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, (await deps.store.read(row.fileSha256))!);
  expect(pdfText(file)).toContain('023-67821234');
});
