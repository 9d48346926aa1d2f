/**
 * 发文字号 (GB/T 9704-2012 §7.2.4): 机关代字 + 〔年份〕 + 发文顺序号 + 号, e.g. 渝北民救〔2026〕12号.
 * Numbers are counted per issuer and year in document_number_counter. The counter row is
 * incremented inside the archive transaction and stays locked until it commits, so a failed
 * render or archive write gives the number back (no gaps) and a committed number is never
 * handed out again (no reuse).
 */
import type { Prisma } from '../../db/generated/client';

type Tx = Prisma.TransactionClient;

/** 机关代字: the district's short name + 民救 (渝北民救); a street adds its own name (渝北双龙湖民救). */
export function issuerPrefix(districtShortName: string, streetName?: string | null): string {
  if (!streetName) return `${districtShortName}民救`;
  const short = streetName.replace(/(街道办事处|街道|镇人民政府|乡人民政府|镇|乡)$/, '');
  return `${districtShortName}${short}民救`;
}

/** 年份 in 六角括号 〔〕 and the sequence number without leading zeros (§7.2.4). */
export function formatDocumentNumber(prefix: string, year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`发文顺序号无效：${seq}`);
  return `${prefix}〔${year}〕${seq}号`;
}

/** Takes the next number of `issuerCode` in `year`; the row stays locked until `tx` ends. */
export async function takeNextNumber(tx: Tx, issuerCode: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO document_number_counter (issuer_code, year, last) VALUES (${issuerCode}, ${year}, 1)
    ON CONFLICT (issuer_code, year) DO UPDATE SET last = document_number_counter.last + 1
    RETURNING last`;
  return Number(rows[0]!.last);
}
