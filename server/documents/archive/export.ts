/**
 * Export of one household's file (一户一档) as a zip: the PDFs in order and a manifest of their
 * metadata and hashes, as JSON and as XML. Every file is verified first; an export never
 * contains a document whose file or record no longer matches the archive.
 */
import yazl from 'yazl';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client';
import { ArchiveError } from './errors';
import type { FileStore } from './file-store';
import { fileNameOf, listHouseholdFile, type ArchivedDocumentView, type DistrictScope } from './queries';
import { verifyDocument } from './verify';

export interface ExportManifest {
  format: 'jiuzhu-archive-export/1';
  exportedAt: string;
  districtCode: string;
  householdId: string;
  documents: (ArchivedDocumentView & { file: string; order: number })[];
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function manifestXml(m: ExportManifest): string {
  const el = (name: string, value: string | number | null) =>
    value === null ? `      <${name}/>` : `      <${name}>${xmlEscape(String(value))}</${name}>`;
  const docs = m.documents.map((d) =>
    [
      `    <document order="${d.order}" id="${d.id}">`,
      el('file', d.file),
      el('title', d.title),
      el('documentType', d.documentType),
      el('documentNumber', d.documentNumber),
      `      <issuer code="${xmlEscape(d.issuerCode)}">${xmlEscape(d.issuerName)}</issuer>`,
      el('documentDate', d.documentDate),
      `      <retention class="${d.retentionClass}" years="${d.retentionYears}">${d.retentionUntil ?? ''}</retention>`,
      el('caseId', d.caseId),
      `      <file-hash algorithm="SHA-256" size="${d.size}" pages="${d.pages}">${d.sha256}</file-hash>`,
      el('sourceSha256', d.sourceSha256),
      `      <chain seq="${d.chainSeq}" prev="${d.prevHash}" row="${d.rowHash}"/>`,
      el('archivedAt', d.createdAt),
      '    </document>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<archive-export format="${m.format}" exportedAt="${m.exportedAt}">`,
    `  <household id="${m.householdId}" district="${m.districtCode}">`,
    ...docs,
    '  </household>',
    '</archive-export>',
    '',
  ].join('\n');
}

/** Builds the zip; returns its stream and the manifest (the stream must be consumed). */
export async function exportHousehold(
  db: Db,
  store: FileStore,
  scope: DistrictScope,
  householdId: string,
  now = new Date(),
): Promise<{ zip: Readable; manifest: ExportManifest; fileName: string }> {
  const docs = await listHouseholdFile(db, scope, householdId);
  const bad: string[] = [];
  for (const d of docs) {
    const r = await verifyDocument(db, store, scope, d.id);
    if (!r.ok) bad.push(...r.problems.map((p) => p.message));
  }
  if (bad.length) throw new ArchiveError('tampered', `档案校验未通过，不能导出：${bad.join('；')}`);
  const manifest: ExportManifest = {
    format: 'jiuzhu-archive-export/1',
    exportedAt: now.toISOString(),
    districtCode: scope.districtCode,
    householdId,
    documents: docs.map((d, i) => ({
      ...d,
      order: i + 1,
      file: `${String(i + 1).padStart(3, '0')}-${fileNameOf(d)}`,
    })),
  };
  const zip = new yazl.ZipFile();
  const opts = { mtime: now };
  for (const d of manifest.documents) zip.addReadStream(store.stream(d.sha256), `documents/${d.file}`, opts);
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', opts);
  zip.addBuffer(Buffer.from(manifestXml(manifest)), 'manifest.xml', opts);
  zip.end();
  return { zip: zip.outputStream as Readable, manifest, fileName: `一户一档-${householdId}.zip` };
}
