/**
 * Archived documents for API tests, appended through the archive's own code
 * (server/documents/archive/append.ts: hash chain, 文号, content-addressed store). The PDF bytes
 * are a small hand-made PDF instead of a Chromium rendering: rendering is tested in
 * test/documents, and these tests are about what the API hands out and to whom.
 */
import { appendDocument } from '../../../server/documents/archive/append';
import { FileStore } from '../../../server/documents/archive/file-store';
import { documentSpec } from '../../../server/documents/catalog';
import { issuerOf } from '../../../server/documents/issuer';
import type { Api } from './harness';

let n = 0;

export function tinyPdf(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

export const storeOf = (api: Api) => new FileStore(api.ctx.config.documents.archiveDir);

/** Appends one document of `template` to the case's household file; returns its row. */
export async function archiveForCase(
  api: Api,
  caseId: string,
  template = 'acceptance-notice',
  date = '2026-03-02',
) {
  const db = api.tdb.db;
  const c = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    include: { street: true, district: true },
  });
  const spec = documentSpec(template);
  n++;
  const { document } = await appendDocument(db, storeOf(api), {
    spec,
    districtCode: c.districtCode,
    streetCode: c.streetCode,
    householdId: c.householdId,
    caseId: c.id,
    issuer: issuerOf(spec.issuerLevel, c.district, c.street),
    documentDate: date,
    render: async () => ({
      pdf: tinyPdf(`${template} ${n}`),
      pages: 1,
      title: spec.title,
      spec,
      data: {},
      sourceSha256: 'a'.repeat(64),
      chromiumMs: 0,
    }),
  });
  return document;
}
