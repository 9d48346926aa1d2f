/**
 * Feature: the bank payment file — one record per household, configurable columns, and a closing
 * TOTAL line whose count, sum and SHA-256 the bank can check.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import {
  checkBankFile,
  parseCsvLine,
  renderBankFile,
  type BankRecord,
} from '../../server/disbursement/bank-file';
import { readBankFile, writeBankFile } from '../../server/disbursement/bank-file-store';
import { computeRun } from '../../server/disbursement/compute';
import { openRun } from '../../server/disbursement/runs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, SETTINGS, STREETS, enrolled, seedDistrict } from './support/world';

const rec = (amount: string, holder = '王芳'): BankRecord => ({
  account: '6228480000123456789',
  holder,
  amount,
  bank: '重庆农村商业银行',
  street: '500112001',
  household: 'h1',
});

describe('rendering', () => {
  it('sums in 分 and closes with a TOTAL line that checks', () => {
    const file = renderBankFile([rec('0.10'), rec('0.20'), rec('1710')], {
      columns: ['seq', 'account', 'holder', 'amount'],
      header: true,
      month: '2026-11',
    });
    const lines = file.content.split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      '序号,账号,户名,金额',
      '1,6228480000123456789,王芳,0.10',
      '2,6228480000123456789,王芳,0.20',
      '3,6228480000123456789,王芳,1710.00',
    ]);
    expect(lines[4]).toBe(`TOTAL,3,1710.30,${file.checksum}`);
    expect(
      checkBankFile(file.content, { columns: ['seq', 'account', 'holder', 'amount'], header: true }),
    ).toEqual({
      ok: true,
      problems: [],
      records: 3,
      total: '1710.30',
    });
  });

  it('follows the configured columns and quotes what needs quoting', () => {
    const cfg = loadConfig({ BANK_FILE_COLUMNS: 'account, amount,holder,month', BANK_FILE_HEADER: 'false' });
    const file = renderBankFile([rec('12.5', '张,"三"')], {
      columns: cfg.disbursement.bankFileColumns,
      header: cfg.disbursement.bankFileHeader,
      month: '2026-11',
    });
    expect(file.content.split('\r\n')[0]).toBe('6228480000123456789,12.50,"张,""三""",2026-11');
    expect(parseCsvLine(file.content.split('\r\n')[0]!)[2]).toBe('张,"三"');
    expect(() => loadConfig({ BANK_FILE_COLUMNS: 'account,iban' })).toThrow(/BANK_FILE_COLUMNS 只能含/);
  });

  it('finds a changed amount, a removed record and a wrong checksum', () => {
    const opts = { columns: ['seq', 'account', 'holder', 'amount'] as const, header: false };
    const file = renderBankFile([rec('100'), rec('200')], { ...opts, month: '2026-11' });
    expect(checkBankFile(file.content.replace(',200.00', ',201.00'), opts).problems).toEqual([
      '校验值不符',
      '金额合计不符：合计行 300.00，实际 301.00',
    ]);
    const dropped = file.content
      .split('\r\n')
      .filter((l) => !l.startsWith('2,'))
      .join('\r\n');
    expect(checkBankFile(dropped, opts).problems).toContain('记录数不符：合计行 2，实际 1');
  });

  it('refuses a record that would break the file: a line break in a name, an amount of zero', () => {
    const opts = { columns: ['holder', 'amount'] as const, header: false, month: '2026-11' };
    expect(() => renderBankFile([rec('1', '王\n芳')], opts)).toThrow('第 1 条记录含换行符');
    expect(() => renderBankFile([rec('0.00')], opts)).toThrow('第 1 条记录金额必须大于 0');
  });
});

describe("a run's bank file", () => {
  let tdb: TestDatabase;
  let runId: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'bank-'));
  const settings = { columns: ['seq', 'account', 'holder', 'amount'] as const, header: true, dir };

  beforeAll(async () => {
    tdb = await createTestDatabase('disb_bank');
    await seedDistrict(tdb.db);
    for (const s of STREETS)
      for (let i = 1; i <= 3; i++)
        await enrolled(tdb.db, { street: s.code, size: i, income: 10 * i, startMonth: '2026-01' });
    const { run } = await tdb.db.$transaction((tx) =>
      openRun(tx, {
        districtCode: DISTRICT.code,
        month: '2026-11',
        trigger: 'manual',
        now: new Date('2026-11-20T00:00:00Z'),
      }),
    );
    runId = run.id;
    await computeRun(tdb.db, runId, SETTINGS);
  });
  afterAll(() => tdb.drop());

  it('has one record per household and a TOTAL line equal to the run total', async () => {
    const written = await writeBankFile(tdb.db, runId, settings);
    const run = await tdb.db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
    const content = readFileSync(path.join(dir, written.name), 'utf8');
    const check = checkBankFile(content, settings);
    expect(check).toEqual({ ok: true, problems: [], records: 9, total: Number(run.amount).toFixed(2) });
    expect([written.records, run.bankFileRecords, run.bankFileSha256]).toEqual([9, 9, written.sha256]);
    // Each street's three households: (770 × n − 10 × n) for n = 1, 2, 3.
    expect(Number(run.amount)).toBe(3 * (760 + 1520 + 2280));
  });

  it('is served only while it still has the recorded hash', async () => {
    const { name, content } = await readBankFile(tdb.db, runId, dir);
    writeFileSync(path.join(dir, name), content.replace(/,760\.00/, ',7600.00'));
    await expect(readBankFile(tdb.db, runId, dir)).rejects.toThrow('与登记的校验值不符');
  });
});
