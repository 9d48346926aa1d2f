/**
 * Demo applications for a first start (with the demo users of server/db/seed-demo.ts): a few
 * households per demo street, registered through the same code path and audit trail as the API,
 * so each demo user finds work of their own jurisdiction and none of the other street's.
 * Names are invented; 身份证号 are valid in form (GB 11643) but made up.
 */
import { auditedWrite } from '../../auth/audit';
import type { Db } from '../../db/client';
import { DEMO_STREETS } from '../../db/seed-demo';
import { checkCharacter } from '../../domain/id-number';
import { ApplicationInput } from './schemas';
import { registerWithEvent } from './store';

const id = (birth: string, seq: number) => {
  const first17 = `500112${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

function applications(street: number): unknown[] {
  const s = street * 100;
  return [
    {
      type: 'dibao',
      reason: '户主失业，配偶患病，家庭无稳定收入',
      household: {
        address: '金港路 18 号 3 栋 2-1',
        phone: '13983000001',
        bankName: '重庆农村商业银行',
        bankAccount: '6228480000000000011',
      },
      members: [
        {
          name: street ? '刘建国' : '陈志强',
          idNumber: id('19720315', s + 11),
          relation: 'applicant',
          ableBodiedJobless: true,
        },
        {
          name: street ? '周秀英' : '李桂兰',
          idNumber: id('19740820', s + 22),
          relation: 'spouse',
          seriousIllness: true,
        },
        {
          name: street ? '刘小雨' : '陈思源',
          idNumber: id('20120105', s + 31),
          relation: 'child',
          student: true,
        },
      ],
      receivedMaterials: ['application_form', 'id_documents', 'verification_authorization'],
    },
    {
      type: 'tekun',
      reason: '老人独居，无劳动能力，无收入来源，无法定赡养人',
      household: { address: '龙山路 6 号 1-3' },
      members: [
        {
          name: street ? '何德贵' : '张福田',
          idNumber: id('19420718', s + 15),
          relation: 'applicant',
          disabilityGrade: 2,
        },
      ],
      receivedMaterials: [
        'application_form',
        'id_documents',
        'verification_authorization',
        'income_proof',
        'property_proof',
        'commitment_letter',
      ],
    },
    {
      type: 'linshi',
      linshiKind: 'emergency',
      requestedAmount: 800,
      event: { kind: '火灾', date: '2026-01-15' },
      reason: '住房失火，生活用品全部损毁',
      household: { address: '新南路 102 号' },
      members: [
        {
          name: street ? '杨春梅' : '黄海燕',
          idNumber: id('19850402', s + 42),
          relation: 'applicant',
          staffRelative: street === 0,
        },
        {
          name: street ? '杨乐' : '黄天宇',
          idNumber: id('20200610', s + 51),
          relation: 'child',
          preschool: true,
        },
      ],
      receivedMaterials: ['application_form'],
    },
  ];
}

/** Registers the demo applications when there are no cases yet; returns how many were added. */
export async function seedDemoCases(db: Db): Promise<number> {
  if ((await db.case.count()) > 0) return 0;
  let added = 0;
  for (const [i, street] of DEMO_STREETS.entries()) {
    const clerk = await db.user.findUnique({ where: { username: `${street.prefix}-clerk` } });
    if (!clerk) continue;
    for (const raw of applications(i)) {
      const a = ApplicationInput.parse(raw);
      await auditedWrite(db, clerk, (tx) =>
        registerWithEvent(tx, a, {
          districtCode: clerk.districtCode,
          streetCode: street.code,
          userId: clerk.id,
        }),
      );
      added++;
    }
  }
  return added;
}
