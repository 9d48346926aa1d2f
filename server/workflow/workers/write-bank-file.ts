/**
 * Job worker `write-bank-file` (disbursement.bpmn).
 *
 * Consumes: `runId`; settings BANK_FILE_COLUMNS, BANK_FILE_HEADER, DATA_DIR.
 * Produces: the run's bank payment file (one record per household: account, holder, amount, and a
 *   closing TOTAL line with count, sum and SHA-256) under DATA_DIR/disbursement, its name and hash
 *   on the run; variables `bankFileName`, `bankFileRecords`, `bankFileTotal`.
 * Retry safety: the file is rendered from the run's fixed lines and written atomically under a name
 *   that carries its hash; writing it again yields the same file and the same record on the run.
 */
import { z } from 'zod';
import { bankFileDir, writeBankFile } from '../../disbursement/bank-file-store';
import { defineJob, Uuid } from '../../disbursement/jobs';
import { ownRun } from '../../disbursement/processes';

export default defineJob({
  type: 'write-bank-file',
  timeoutMs: 5 * 60_000,
  input: z.object({ runId: Uuid }).passthrough(),
  output: z.object({
    bankFileName: z.string(),
    bankFileRecords: z.number().int(),
    bankFileTotal: z.string(),
  }),
  async handle(deps, { runId }, job) {
    await ownRun(deps.db, runId, job.processInstanceKey);
    const f = await writeBankFile(deps.db, runId, {
      columns: deps.config.disbursement.bankFileColumns,
      header: deps.config.disbursement.bankFileHeader,
      dir: bankFileDir(deps.config.dataDir),
    });
    return { bankFileName: f.name, bankFileRecords: f.records, bankFileTotal: f.total };
  },
});
