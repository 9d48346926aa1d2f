/**
 * Verification of the archive: a document (its file, its row, its links to the neighbours) or a
 * district's whole chain (every row in order, no gap, every link, the head). Detects a changed
 * file, a missing file, a changed row, a removed row (also the last one) and a foreign row.
 * Messages are zh-CN and name rows by district and chain position, never by personal data.
 */
import type { ArchiveDocument } from '../../db/generated/client';
import type { Db } from '../../db/client';
import { GENESIS_HASH, rowHash } from './chain';
import { notFound } from './errors';
import type { FileStore } from './file-store';

export interface VerifyProblem {
  districtCode: string;
  chainSeq: number | null;
  documentId: string | null;
  kind: 'file_changed' | 'file_missing' | 'row_changed' | 'row_missing' | 'link_broken' | 'head_mismatch';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: VerifyProblem[];
}

const label = (r: ArchiveDocument) => `区县 ${r.districtCode} 第 ${r.chainSeq} 号档案（${r.title}）`;

async function checkRow(store: FileStore, r: ArchiveDocument): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  const at = { districtCode: r.districtCode, chainSeq: r.chainSeq, documentId: r.id };
  if (rowHash(r) !== r.rowHash) {
    problems.push({
      ...at,
      kind: 'row_changed',
      message: `${label(r)}的登记信息与其摘要不符，档案记录已被改动`,
    });
  }
  const onDisk = await store.hashOnDisk(r.fileSha256);
  if (onDisk === null) problems.push({ ...at, kind: 'file_missing', message: `${label(r)}的文件缺失` });
  else if (onDisk !== r.fileSha256)
    problems.push({ ...at, kind: 'file_changed', message: `${label(r)}的文件已被改动（SHA-256 不符）` });
  return problems;
}

/** Checks one document: its file, its own hash and the links to the rows before and after it. */
export async function verifyDocument(
  db: Db,
  store: FileStore,
  scope: { districtCode: string },
  id: string,
): Promise<VerifyResult> {
  const r = await db.archiveDocument.findFirst({ where: { id, districtCode: scope.districtCode } });
  if (!r) throw notFound();
  const problems = await checkRow(store, r);
  const at = { districtCode: r.districtCode, chainSeq: r.chainSeq, documentId: r.id };
  const prev =
    r.chainSeq === 1
      ? null
      : await db.archiveDocument.findUnique({
          where: { districtCode_chainSeq: { districtCode: r.districtCode, chainSeq: r.chainSeq - 1 } },
        });
  const expectedPrev = r.chainSeq === 1 ? GENESIS_HASH : prev?.rowHash;
  if (expectedPrev === undefined) {
    problems.push({
      ...at,
      kind: 'row_missing',
      message: `${label(r)}之前的第 ${r.chainSeq - 1} 号档案记录缺失`,
    });
  } else if (expectedPrev !== r.prevHash) {
    problems.push({ ...at, kind: 'link_broken', message: `${label(r)}与前一份档案的链接不符` });
  }
  const next = await db.archiveDocument.findUnique({
    where: { districtCode_chainSeq: { districtCode: r.districtCode, chainSeq: r.chainSeq + 1 } },
  });
  if (next && next.prevHash !== r.rowHash) {
    problems.push({ ...at, kind: 'link_broken', message: `${label(r)}与后一份档案的链接不符` });
  }
  return { ok: problems.length === 0, checked: 1, problems };
}

/** Checks a district's whole chain, reading it in pages of `batch` rows. */
export async function verifyChain(
  db: Db,
  store: FileStore,
  scope: { districtCode: string },
  batch = 500,
): Promise<VerifyResult> {
  const { districtCode } = scope;
  const problems: VerifyProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.archiveDocument.findMany({
      where: { districtCode, chainSeq: { gte: expectedSeq } },
      orderBy: { chainSeq: 'asc' },
      take: batch,
    });
    for (const r of rows) {
      checked++;
      if (r.chainSeq !== expectedSeq) {
        problems.push({
          districtCode,
          chainSeq: expectedSeq,
          documentId: null,
          kind: 'row_missing',
          message: `区县 ${districtCode} 第 ${expectedSeq}${r.chainSeq - 1 > expectedSeq ? `–${r.chainSeq - 1}` : ''} 号档案记录缺失（已被删除）`,
        });
      }
      if (r.prevHash !== prevHash && r.chainSeq === expectedSeq) {
        problems.push({
          districtCode,
          chainSeq: r.chainSeq,
          documentId: r.id,
          kind: 'link_broken',
          message: `${label(r)}与前一份档案的链接不符`,
        });
      }
      problems.push(...(await checkRow(store, r)));
      expectedSeq = r.chainSeq + 1;
      prevHash = r.rowHash;
    }
    if (rows.length < batch) break;
  }
  const head = await db.archiveChain.findUnique({ where: { districtCode } });
  const length = expectedSeq - 1;
  if (!head && length > 0) {
    problems.push({
      districtCode,
      chainSeq: null,
      documentId: null,
      kind: 'head_mismatch',
      message: `区县 ${districtCode} 的档案链头缺失`,
    });
  } else if (head && (head.length !== length || head.headHash !== (length ? prevHash : GENESIS_HASH))) {
    problems.push({
      districtCode,
      chainSeq: head.length,
      documentId: null,
      kind: head.length > length ? 'row_missing' : 'head_mismatch',
      message:
        head.length > length
          ? `区县 ${districtCode} 的档案链应有 ${head.length} 份，实有 ${length} 份：末尾的档案记录已被删除`
          : `区县 ${districtCode} 的档案链头与最后一份档案不符`,
    });
  }
  return { ok: problems.length === 0, checked, problems };
}

/** Every district's chain (for `npm run archive:verify`). */
export async function verifyEverything(
  db: Db,
  store: FileStore,
): Promise<VerifyResult & { districts: string[] }> {
  const fromRows = await db.archiveDocument.findMany({
    distinct: ['districtCode'],
    select: { districtCode: true },
  });
  const fromHeads = await db.archiveChain.findMany({ select: { districtCode: true } });
  const districts = [...new Set([...fromRows, ...fromHeads].map((d) => d.districtCode))].sort();
  const all: VerifyResult = { ok: true, checked: 0, problems: [] };
  for (const districtCode of districts) {
    const r = await verifyChain(db, store, { districtCode });
    all.checked += r.checked;
    all.problems.push(...r.problems);
  }
  return { ...all, ok: all.problems.length === 0, districts };
}
