/** Valid applications with unique, checksum-correct 身份证号 for tests. */
import { checkCharacter } from '../../../server/domain/id-number';

let counter = 0;

/** A valid 18-digit 身份证号 (GB 11643) from 渝北区, distinct on every call in this process. */
export function idNumber(birth = '19800101'): string {
  counter++;
  const y = Number(birth.slice(0, 4)) + Math.floor(counter / 900);
  const seq = String((counter % 900) + 100);
  const first17 = `500112${y}${birth.slice(4)}${seq}`;
  return first17 + checkCharacter(first17);
}

/** What a 临时救助 application adds: the assessed need and the hardship event. */
export const LINSHI_DEFAULTS = { requestedAmount: 1500, event: { kind: '火灾', date: '2026-02-01' } };

export function application(overrides: Record<string, unknown> = {}) {
  return {
    ...(overrides.type === 'linshi' ? LINSHI_DEFAULTS : {}),
    type: 'dibao',
    reason: '家庭无稳定收入，生活困难',
    household: {
      address: '渝北区双龙湖街道金港路 1 号',
      phone: '13800138000',
      bankName: '重庆农村商业银行',
      bankAccount: '6228480000123456789',
    },
    members: [
      { name: '王芳', idNumber: idNumber('19750310'), relation: 'applicant', monthlyIncome: 300 },
      { name: '王小明', idNumber: idNumber('20150601'), relation: 'child', student: true },
    ],
    receivedMaterials: ['application_form', 'id_documents'],
    ...overrides,
  };
}
