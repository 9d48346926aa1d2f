/**
 * Reading the archive, always within one district (the archivist's jurisdiction): a household's
 * file in order (一户一档), one document's record, and its bytes, checked against their SHA-256
 * before they are handed out.
 */
import type { ArchiveDocument } from '../../db/generated/client';
import type { Db } from '../../db/client';
import { ArchiveError, notFound } from './errors';
import type { FileStore } from './file-store';
import { sha256 } from './file-store';

export interface DistrictScope {
  districtCode: string;
}

/** What lists and manifests show of an archived document (plain object, no Prisma types). */
export interface ArchivedDocumentView {
  id: string;
  chainSeq: number;
  documentType: string;
  title: string;
  documentNumber: string | null;
  issuerCode: string;
  issuerName: string;
  documentDate: string;
  retentionClass: 'approval' | 'routine';
  retentionYears: number;
  retentionUntil: string | null;
  householdId: string | null;
  caseId: string | null;
  streetCode: string | null;
  sha256: string;
  size: number;
  pages: number;
  sourceSha256: string;
  createdAt: string;
  prevHash: string;
  rowHash: string;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export function view(r: ArchiveDocument): ArchivedDocumentView {
  return {
    id: r.id,
    chainSeq: r.chainSeq,
    documentType: r.documentType,
    title: r.title,
    documentNumber: r.documentNumber,
    issuerCode: r.issuerCode,
    issuerName: r.issuerName,
    documentDate: day(r.documentDate)!,
    retentionClass: r.retentionClass,
    retentionYears: r.retentionYears,
    retentionUntil: day(r.retentionUntil),
    householdId: r.householdId,
    caseId: r.caseId,
    streetCode: r.streetCode,
    sha256: r.fileSha256,
    size: r.fileSize,
    pages: r.pageCount,
    sourceSha256: r.sourceSha256,
    createdAt: r.createdAt.toISOString(),
    prevHash: r.prevHash,
    rowHash: r.rowHash,
  };
}

/** A household's file in order: by 成文日期, then by archiving order. */
export async function listHouseholdFile(
  db: Db,
  scope: DistrictScope,
  householdId: string,
): Promise<ArchivedDocumentView[]> {
  const household = await db.household.findFirst({
    where: { id: householdId, districtCode: scope.districtCode },
    select: { id: true },
  });
  if (!household) throw notFound('该户档案');
  const rows = await db.archiveDocument.findMany({
    where: { householdId, districtCode: scope.districtCode },
    orderBy: [{ documentDate: 'asc' }, { chainSeq: 'asc' }],
  });
  return rows.map(view);
}

export async function getDocument(db: Db, scope: DistrictScope, id: string): Promise<ArchivedDocumentView> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const r = await db.archiveDocument.findFirst({ where: { id, districtCode: scope.districtCode } });
  if (!r) throw notFound();
  return view(r);
}

/** The PDF of a document; refuses to hand out bytes that no longer match the archived hash. */
export async function downloadDocument(
  db: Db,
  store: FileStore,
  scope: DistrictScope,
  id: string,
): Promise<{ document: ArchivedDocumentView; pdf: Buffer; fileName: string }> {
  const document = await getDocument(db, scope, id);
  const pdf = await store.read(document.sha256);
  if (!pdf)
    throw new ArchiveError('tampered', `档案文件缺失：${document.title}（第 ${document.chainSeq} 号）`);
  if (sha256(pdf) !== document.sha256) {
    throw new ArchiveError(
      'tampered',
      `档案文件已被改动，拒绝下载：${document.title}（第 ${document.chainSeq} 号）`,
    );
  }
  return { document, pdf, fileName: fileNameOf(document) };
}

/** 受理通知书-渝北双龙湖民救〔2026〕37号.pdf; characters that file systems refuse are replaced. */
export function fileNameOf(
  d: Pick<ArchivedDocumentView, 'title' | 'documentNumber' | 'documentDate'>,
): string {
  const base = `${d.title}-${d.documentNumber ?? d.documentDate}`;
  return `${base.replace(/[\\/:*?"<>|\s]/g, '_')}.pdf`;
}
