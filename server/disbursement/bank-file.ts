/**
 * The bank payment file of a run (社会化发放, 条例 §22; 57号 §25): one record per household with
 * account, holder and amount, as CSV (RFC 4180, CRLF) with the columns BANK_FILE_COLUMNS names,
 * an optional header row, and a closing control line the bank and the district can check:
 *
 *   TOTAL,<records>,<total amount>,<SHA-256 hex of every byte before this line>
 *
 * Amounts are summed in integer 分, so the total is exact.
 */
import { createHash } from 'node:crypto';
import type { BANK_FILE_COLUMN_KEYS } from '../config';

export type BankColumn = (typeof BANK_FILE_COLUMN_KEYS)[number];

export const BANK_COLUMN_LABELS: Record<BankColumn, string> = {
  seq: '序号',
  account: '账号',
  holder: '户名',
  amount: '金额',
  bank: '开户行',
  street: '街道',
  household: '户编号',
  month: '发放月份',
};

export interface BankRecord {
  account: string;
  holder: string;
  /** Yuan with two decimals, e.g. '1710.00'. */
  amount: string;
  bank: string | null;
  street: string;
  household: string;
}

export interface BankFileOptions {
  columns: readonly BankColumn[];
  header: boolean;
  /** 'YYYY-MM', for the `month` column. */
  month: string;
}

export interface BankFile {
  content: string;
  records: number;
  /** Yuan with two decimals. */
  total: string;
  /** SHA-256 of the records part (what the TOTAL line carries). */
  checksum: string;
}

const EOL = '\r\n';
export const TOTAL_KEYWORD = 'TOTAL';

/** '1710.5' / '1710.50' / '1710' → 171050 分; refuses anything else. */
export function amountToFen(amount: string): number {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new RangeError(`金额格式错误：${amount}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function fenToAmount(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** RFC 4180: quote a field holding a comma or a quote (line breaks are refused before). */
export function csvField(value: string): string {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function field(r: BankRecord, seq: number, c: BankColumn, month: string): string {
  switch (c) {
    case 'seq':
      return String(seq);
    case 'amount':
      return fenToAmount(amountToFen(r.amount));
    case 'month':
      return month;
    case 'bank':
      return r.bank ?? '';
    default:
      return r[c];
  }
}

export function renderBankFile(records: Iterable<BankRecord>, opts: BankFileOptions): BankFile {
  const lines: string[] = [];
  if (opts.header) lines.push(opts.columns.map((c) => BANK_COLUMN_LABELS[c]).join(','));
  let count = 0;
  let totalFen = 0;
  for (const r of records) {
    count++;
    const fen = amountToFen(r.amount);
    if (fen <= 0) throw new RangeError(`第 ${count} 条记录金额必须大于 0`);
    totalFen += fen;
    const fields = opts.columns.map((c) => field(r, count, c, opts.month));
    if (fields.some((f) => /[\r\n]/.test(f)))
      throw new RangeError(`第 ${count} 条记录含换行符，无法写入代发文件`);
    lines.push(fields.map(csvField).join(','));
  }
  const body = lines.map((l) => l + EOL).join('');
  const checksum = createHash('sha256').update(body, 'utf8').digest('hex');
  const total = fenToAmount(totalFen);
  return {
    content: `${body}${TOTAL_KEYWORD},${count},${total},${checksum}${EOL}`,
    records: count,
    total,
    checksum,
  };
}

export interface BankFileCheck {
  ok: boolean;
  problems: string[];
  records: number;
  total: string;
}

/**
 * Re-reads a bank file: the checksum over the records part, the number of records and the sum of
 * the `amount` column must all match the TOTAL line.
 */
export function checkBankFile(
  content: string,
  opts: Pick<BankFileOptions, 'columns' | 'header'>,
): BankFileCheck {
  const problems: string[] = [];
  const cut = content.lastIndexOf(`${TOTAL_KEYWORD},`);
  if (cut < 0 || !content.endsWith(EOL)) {
    return { ok: false, problems: ['缺少合计校验行'], records: 0, total: '0.00' };
  }
  const body = content.slice(0, cut);
  const [, records, total, checksum] = content.slice(cut).trimEnd().split(',');
  if (createHash('sha256').update(body, 'utf8').digest('hex') !== checksum) problems.push('校验值不符');
  const rows = body.split(EOL).filter((l) => l.length > 0);
  const data = opts.header ? rows.slice(1) : rows;
  if (String(data.length) !== records) problems.push(`记录数不符：合计行 ${records}，实际 ${data.length}`);
  const amountAt = opts.columns.indexOf('amount');
  if (amountAt >= 0) {
    const sum = data.reduce((s, l) => s + amountToFen(parseCsvLine(l)[amountAt] ?? ''), 0);
    if (fenToAmount(sum) !== total) problems.push(`金额合计不符：合计行 ${total}，实际 ${fenToAmount(sum)}`);
  }
  return { ok: problems.length === 0, problems, records: data.length, total: total ?? '0.00' };
}

/** Splits one CSV line (RFC 4180 quoting). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
