/**
 * Appends one rendered document to the archive: the file into the content-addressed store, the
 * row into the district's hash chain, in one transaction with the 发文字号 counter. Idempotent per
 * `idempotencyKey` (e.g. job:<elementInstanceKey>): a second call returns the first document and
 * takes no second number.
 */
import { randomUUID } from 'node:crypto';
import type { ArchiveDocument, Prisma } from '../../db/generated/client';
import type { Db } from '../../db/client';
import type { DocumentSpec } from '../catalog';
import type { RenderedDocument } from '../renderer';
import { GENESIS_HASH, rowHash } from './chain';
import type { FileStore } from './file-store';
import { formatDocumentNumber, takeNextNumber } from './numbering';
import { RETENTION_YEARS, retentionAtArchiving } from './retention';

type Tx = Prisma.TransactionClient;

export interface AppendInput {
  spec: DocumentSpec;
  districtCode: string;
  streetCode: string | null;
  householdId: string | null;
  caseId: string | null;
  issuer: { code: string; name: string; /** 机关代字 */ prefix: string };
  /** 成文日期, YYYY-MM-DD; its year is the 文号's year. */
  documentDate: string;
  idempotencyKey?: string | null;
  /** Renders the PDF once the 文号 is known (null for documents without one). */
  render(documentNumber: string | null): Promise<RenderedDocument>;
  /** Upper bound of one render, so the transaction that holds the counter can wait for it. */
  renderTimeoutMs?: number;
}

export interface AppendResult {
  document: ArchiveDocument;
  /** False when the idempotency key already had a document (nothing was written). */
  created: boolean;
}

class AlreadyArchived extends Error {
  constructor(readonly document: ArchiveDocument) {
    super('already archived');
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

async function findByKey(db: Db | Tx, key: string | null | undefined): Promise<ArchiveDocument | null> {
  return key ? db.archiveDocument.findUnique({ where: { idempotencyKey: key } }) : null;
}

/** Inserts the row at the head of its district's chain (the head row is locked until commit). */
async function insertChained(
  tx: Tx,
  input: AppendInput,
  doc: RenderedDocument,
  file: { sha256: string; size: number },
  documentNumber: string | null,
): Promise<ArchiveDocument> {
  await tx.$executeRaw`
    INSERT INTO archive_chain (district_code, length, head_hash, updated_at)
    VALUES (${input.districtCode}, 0, ${GENESIS_HASH}, now()) ON CONFLICT (district_code) DO NOTHING`;
  const [head] = await tx.$queryRaw<{ length: number; head_hash: string }[]>`
    SELECT length, head_hash FROM archive_chain WHERE district_code = ${input.districtCode} FOR UPDATE`;
  const documentDate = new Date(`${input.documentDate}T00:00:00Z`);
  const fields = {
    id: randomUUID(),
    districtCode: input.districtCode,
    chainSeq: Number(head!.length) + 1,
    streetCode: input.streetCode,
    householdId: input.householdId,
    caseId: input.caseId,
    documentType: input.spec.name,
    title: doc.title,
    documentNumber,
    issuerCode: input.issuer.code,
    issuerName: input.issuer.name,
    documentDate,
    retentionClass: input.spec.retention,
    retentionYears: RETENTION_YEARS[input.spec.retention],
    retentionUntil: retentionAtArchiving(input.spec.retention, documentDate),
    fileSha256: file.sha256,
    fileSize: file.size,
    pageCount: doc.pages,
    sourceSha256: doc.sourceSha256,
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: new Date(),
    prevHash: head!.head_hash,
  };
  const created = await tx.archiveDocument.create({ data: { ...fields, rowHash: rowHash(fields) } });
  await tx.archiveChain.update({
    where: { districtCode: input.districtCode },
    data: { length: fields.chainSeq, headHash: created.rowHash, updatedAt: fields.createdAt },
  });
  return created;
}

export async function appendDocument(db: Db, store: FileStore, input: AppendInput): Promise<AppendResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.documentDate))
    throw new Error(`成文日期格式错误：${input.documentDate}`);
  const existing = await findByKey(db, input.idempotencyKey);
  if (existing) return { document: existing, created: false };
  const year = Number(input.documentDate.slice(0, 4));
  const timeout = (input.renderTimeoutMs ?? 120_000) + 30_000;
  try {
    if (input.spec.numbered) {
      // The number is taken first and the render happens while its counter row is locked: the
      // 文号 is printed in the PDF, and a failure rolls the number back.
      const document = await db.$transaction(
        async (tx) => {
          const seq = await takeNextNumber(tx, input.issuer.code, year);
          const again = await findByKey(tx, input.idempotencyKey);
          if (again) throw new AlreadyArchived(again);
          const number = formatDocumentNumber(input.issuer.prefix, year, seq);
          const doc = await input.render(number);
          const file = await store.put(doc.pdf);
          return insertChained(tx, input, doc, file, number);
        },
        { timeout, maxWait: timeout },
      );
      return { document, created: true };
    }
    const doc = await input.render(null);
    const file = await store.put(doc.pdf);
    const document = await db.$transaction(
      async (tx) => {
        const again = await findByKey(tx, input.idempotencyKey);
        if (again) throw new AlreadyArchived(again);
        return insertChained(tx, input, doc, file, null);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
    return { document, created: true };
  } catch (err) {
    if (err instanceof AlreadyArchived) return { document: err.document, created: false };
    if (isUniqueViolation(err)) {
      const winner = await findByKey(db, input.idempotencyKey);
      if (winner) return { document: winner, created: false };
    }
    throw err;
  }
}
