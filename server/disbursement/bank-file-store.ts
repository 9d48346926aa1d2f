/**
 * Writes the bank payment file of a computed run to DATA_DIR/disbursement/ (a snapshot: accounts
 * as they were when the run was computed) and records its name, SHA-256 and record count on the
 * run; reads it back only when the file still has that hash. Payment vouchers are accounting
 * records (DOMAIN.md "Archive"); they move into the archive store once it exists.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { renderBankFile, type BankColumn, type BankRecord } from './bank-file';
import { monthOfDate } from './months';
import { RUN_STATUS_LABELS, RunRefusal, loadRun } from './runs';

export interface BankFileSettings {
  columns: readonly BankColumn[];
  header: boolean;
  /** Folder of the files (DATA_DIR/disbursement). */
  dir: string;
}

export const bankFileDir = (dataDir: string) => path.join(dataDir, 'disbursement');

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/** One record per household of the run: account, holder (else the applicant), summed amount. */
export function bankRecords(db: Db, runId: string): Promise<BankRecord[]> {
  // The applicant's name is looked up only for a household without a recorded holder (COALESCE
  // evaluates lazily), so 100,000 records cost one pass over the lines.
  return db.$queryRaw<BankRecord[]>`
    SELECT h.bank_account AS account,
           coalesce(nullif(h.account_holder, ''),
                    (SELECT m.name FROM member m WHERE m.household_id = h.id AND m.relation = 'applicant'
                     ORDER BY m.created_at LIMIT 1), '') AS holder,
           h.bank_name AS bank, min(pl.street_code) AS street, pl.household_id::text AS household,
           sum(pl.amount)::text AS amount
    FROM payment_line pl
    JOIN household h ON h.id = pl.household_id
    WHERE pl.run_id = ${runId}::uuid
    GROUP BY pl.household_id, h.id
    ORDER BY street, household`;
}

export interface WrittenBankFile {
  name: string;
  sha256: string;
  records: number;
  total: string;
}

/** Renders, writes (atomically) and records the run's bank file; repeating it rewrites the same. */
export async function writeBankFile(db: Db, runId: string, s: BankFileSettings): Promise<WrittenBankFile> {
  const run = await loadRun(db, runId);
  if (run.status !== 'computed' && run.status !== 'awaiting_approval') {
    throw new RunRefusal(`发放批次状态为“${RUN_STATUS_LABELS[run.status]}”，不能生成代发文件`);
  }
  const month = monthOfDate(run.month);
  const file = renderBankFile(await bankRecords(db, runId), { columns: s.columns, header: s.header, month });
  const hash = sha256(file.content);
  const name = `${run.districtCode}-${month}-${hash.slice(0, 12)}.csv`;
  await mkdir(s.dir, { recursive: true });
  const tmp = path.join(s.dir, `.${name}.${process.pid}.tmp`);
  await writeFile(tmp, file.content, 'utf8');
  await rename(tmp, path.join(s.dir, name));
  await db.disbursementRun.update({
    where: { id: runId },
    data: { bankFileName: name, bankFileSha256: hash, bankFileRecords: file.records },
  });
  return { name, sha256: hash, records: file.records, total: file.total };
}

/** The stored file, refused when it is missing or no longer has the recorded hash. */
export async function readBankFile(
  db: Db,
  runId: string,
  dir: string,
): Promise<{ name: string; content: string }> {
  const run = await db.disbursementRun.findUnique({ where: { id: runId } });
  if (!run) throw new RunRefusal('发放批次不存在', 404);
  if (!run.bankFileName || !run.bankFileSha256) throw new RunRefusal('该批次尚未生成银行代发文件');
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, run.bankFileName));
  } catch {
    throw new RunRefusal(`银行代发文件 ${run.bankFileName} 不存在，请联系管理员`);
  }
  if (sha256(bytes) !== run.bankFileSha256) {
    throw new RunRefusal(`银行代发文件 ${run.bankFileName} 与登记的校验值不符，可能已被改动，请联系管理员`);
  }
  return { name: run.bankFileName, content: bytes.toString('utf8') };
}
