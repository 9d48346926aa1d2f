/**
 * The hash chain of the archive rows. `row_hash` is the SHA-256 of every column of the row (in a
 * fixed order) and of the previous row's hash; a district's rows form one chain, 1, 2, 3, …,
 * whose head (length and last hash) is kept in archive_chain. A changed column, a changed file
 * hash, a removed row or a removed last row all break it.
 */
import { createHash } from 'node:crypto';
import type { ArchiveDocument } from '../../db/generated/client';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<ArchiveDocument, 'id' | 'rowHash'> & { id: string };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** The canonical form of a row: a JSON array in a fixed column order (version-tagged). */
export function canonicalRow(r: ChainedFields): string {
  return JSON.stringify([
    'jiuzhu-archive-v1',
    r.id,
    r.districtCode,
    r.chainSeq,
    r.streetCode,
    r.householdId,
    r.caseId,
    r.documentType,
    r.title,
    r.documentNumber,
    r.issuerCode,
    r.issuerName,
    day(r.documentDate),
    r.retentionClass,
    r.retentionYears,
    day(r.retentionUntil),
    r.fileSha256,
    r.fileSize,
    r.pageCount,
    r.sourceSha256,
    r.idempotencyKey,
    r.createdAt.toISOString(),
    r.prevHash,
  ]);
}

export function rowHash(r: ChainedFields): string {
  return createHash('sha256').update(canonicalRow(r)).digest('hex');
}
