/** Shared helpers of the document tests: poppler/qpdf read-back and a small case in the database. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../../server/paths';
import type { Db } from '../../server/db/client';

export const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'samples', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

const tool = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });

/** pdftotext in reading order (-layout: tables row by row), whitespace removed (CJK has none). */
export const pdfText = (file: string): string =>
  tool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).replace(/\s+/g, '');
export const pdfPagesText = (file: string): string[] =>
  tool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
    .split('\f')
    .filter((p) => p.trim() !== '');
export const pdfInfo = (file: string): Record<string, string> =>
  Object.fromEntries(
    tool('pdfinfo', ['-enc', 'UTF-8', file])
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  unicode: boolean;
}
export const pdfFonts = (file: string): PdfFont[] =>
  tool('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (1–2 words), encoding, emb, sub, uni, object, id
      const [emb, , uni] = cols.slice(-5, -2);
      return {
        name: cols[0]!,
        type: cols.slice(1, -6).join(' '),
        embedded: emb === 'yes',
        unicode: uni === 'yes',
      };
    });
export const qpdfCheck = (file: string): string => tool('qpdf', ['--check', file]);
/** The XMP packet as text (pdf-lib stores it uncompressed). */
export const xmpOf = (pdf: Buffer): string => {
  const s = pdf.toString('latin1');
  const start = s.indexOf('<x:xmpmeta');
  return start < 0
    ? ''
    : Buffer.from(s.slice(start, s.indexOf('</x:xmpmeta>') + 12), 'latin1').toString('utf8');
};

/** Asserts that `parts` occur in `text` in this order. */
export function expectInOrder(text: string, parts: string[]): void {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(p.replace(/\s+/g, ''), at);
    if (i < 0) throw new Error(`「${p}」未按顺序出现在 PDF 文本中（自第 ${at} 个字符起）`);
    at = i + p.length;
  }
}

let counter = 0;
/** District 500112 渝北区, street 双龙湖街道, a 3-person household and a 低保 case. */
export async function seedCase(db: Db, opts: { districtCode?: string; streetCode?: string } = {}) {
  const districtCode = opts.districtCode ?? '500112';
  const streetCode = opts.streetCode ?? `${districtCode}001`;
  const names: Record<string, [string, string]> = {
    '500112': ['渝北区', '渝北'],
    '500105': ['江北区', '江北'],
  };
  const [dName, dShort] = names[districtCode] ?? ['测试区', '测试'];
  await db.district.upsert({
    where: { code: districtCode },
    update: {},
    create: { code: districtCode, name: dName, shortName: dShort },
  });
  await db.street.upsert({
    where: { code: streetCode },
    update: {},
    create: { code: streetCode, districtCode, name: districtCode === '500112' ? '双龙湖街道' : '观音桥街道' },
  });
  const s = sample('review-approval-form') as {
    members: { name: string; relation: string; idNumber: string }[];
  };
  counter++;
  const household = await db.household.create({
    data: {
      districtCode,
      streetCode,
      address: '重庆市渝北区双龙湖街道双龙大道128号3单元5-2',
      bankName: '中国建设银行',
      bankAccount: '6217003940001234567',
      accountHolder: '张明华',
      members: {
        create: s.members.map((m) => ({
          name: m.name,
          relation: m.relation as 'applicant',
          idNumber: m.idNumber,
          monthlyIncome: 300,
        })),
      },
    },
  });
  const c = await db.case.create({
    data: {
      caseNo: `DB-${districtCode}-2026-${String(counter).padStart(6, '0')}-${household.id.slice(0, 4)}`,
      type: 'dibao',
      status: 'in_progress',
      householdId: household.id,
      districtCode,
      streetCode,
      amount: 1410,
      appliedAt: new Date('2026-11-18T02:00:00Z'),
      acceptedAt: new Date('2026-11-20T02:00:00Z'),
    },
  });
  return { household, case: c, districtCode, streetCode };
}
