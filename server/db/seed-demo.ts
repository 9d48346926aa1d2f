/**
 * Demo data for a first start: 渝北区 with two streets and one user per role (two investigators per
 * street, as 57号 §16 requires two staff per home visit). Runs only on a database without users and
 * never in production. Codes follow GB/T 2260 / 10114 in form; the street codes are illustrative.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password';
import type { Db } from './client';
import type { Role } from './generated/enums';

export const DEMO_DISTRICT = {
  code: '500112',
  name: '渝北区',
  shortName: '渝北',
  contactOffice: '渝北区民政局社会救助科',
  contactPhone: '023-67812345',
} as const;
export const DEMO_STREETS = [
  { code: '500112001', name: '双龙湖街道', prefix: 'slh', phone: '023-67821234' },
  { code: '500112007', name: '龙溪街道', prefix: 'lx', phone: '023-67456789' },
] as const;

interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  streetCode: string | null;
}

export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [];
  for (const s of DEMO_STREETS) {
    users.push(
      {
        username: `${s.prefix}-clerk`,
        displayName: `${s.name}经办人`,
        role: 'street_clerk',
        streetCode: s.code,
      },
      {
        username: `${s.prefix}-inv1`,
        displayName: `${s.name}调查员甲`,
        role: 'street_investigator',
        streetCode: s.code,
      },
      {
        username: `${s.prefix}-inv2`,
        displayName: `${s.name}调查员乙`,
        role: 'street_investigator',
        streetCode: s.code,
      },
      {
        username: `${s.prefix}-reviewer`,
        displayName: `${s.name}审核人`,
        role: 'street_reviewer',
        streetCode: s.code,
      },
    );
  }
  const district: [string, string, Role][] = [
    ['yb-verifier', '渝北区核查认定中心', 'district_verifier'],
    ['yb-official', '渝北区民政局审批人', 'district_official'],
    ['yb-section', '渝北区民政局科室负责人', 'district_section_head'],
    ['yb-head', '渝北区民政局负责人', 'district_head'],
    ['yb-panel1', '渝北区评审会委员一', 'district_panel'],
    ['yb-panel2', '渝北区评审会委员二', 'district_panel'],
    ['yb-archivist', '渝北区档案员', 'archivist'],
    ['admin', '系统管理员', 'admin'],
  ];
  for (const [username, displayName, role] of district) {
    users.push({ username, displayName, role, streetCode: null });
  }
  return users;
}

/**
 * DEMO VALUES, not 渝北区's published ones: a 临时救助 band table (分类分档), the street approval
 * limit and the previous-year income figures for the 支出型 test, so the demo district can run
 * 临时救助 cases. Each district enters its own through the admin.
 */
export const DEMO_LINSHI_POLICY = {
  streetApprovalLimit: 2000,
  incomeReference: { year: 2025, urban: 48000, rural: 22000 },
  bands: [
    { kind: 'urgent', level: 1, name: '一般困难', ceiling: 2000 },
    { kind: 'urgent', level: 2, name: '较大困难', ceiling: 5000 },
    { kind: 'urgent', level: 3, name: '严重困难', ceiling: 10000 },
    { kind: 'expense', level: 1, name: '一般困难', ceiling: 3000 },
    { kind: 'expense', level: 2, name: '较大困难', ceiling: 6000 },
    { kind: 'expense', level: 3, name: '严重困难', ceiling: 10000 },
  ],
} as const;

export interface SeedResult {
  seeded: boolean;
  usernames: string[];
  /** Set when the password was generated here (printed once, stored nowhere). */
  generatedPassword?: string;
}

export async function seedDemo(db: Db, password?: string): Promise<SeedResult> {
  if ((await db.user.count()) > 0) return { seeded: false, usernames: [] };
  const plain = password ?? randomBytes(9).toString('base64url');
  const hash = await hashPassword(plain);
  const users = demoUsers();
  await db.$transaction([
    db.district.upsert({ where: { code: DEMO_DISTRICT.code }, update: {}, create: { ...DEMO_DISTRICT } }),
    ...DEMO_STREETS.map((s) =>
      db.street.upsert({
        where: { code: s.code },
        update: {},
        create: {
          code: s.code,
          name: s.name,
          districtCode: DEMO_DISTRICT.code,
          contactOffice: `${s.name}社会事务办公室`,
          contactPhone: s.phone,
        },
      }),
    ),
    db.user.createMany({
      data: users.map((u) => ({ ...u, passwordHash: hash, districtCode: DEMO_DISTRICT.code })),
    }),
    db.linshiDistrictPolicy.upsert({
      where: { districtCode: DEMO_DISTRICT.code },
      update: {},
      create: {
        districtCode: DEMO_DISTRICT.code,
        streetApprovalLimit: DEMO_LINSHI_POLICY.streetApprovalLimit,
        incomeReferenceYear: DEMO_LINSHI_POLICY.incomeReference.year,
        urbanIncomeReference: DEMO_LINSHI_POLICY.incomeReference.urban,
        ruralIncomeReference: DEMO_LINSHI_POLICY.incomeReference.rural,
        bands: { create: DEMO_LINSHI_POLICY.bands.map((b) => ({ ...b })) },
      },
    }),
  ]);
  return {
    seeded: true,
    usernames: users.map((u) => u.username),
    ...(password ? {} : { generatedPassword: plain }),
  };
}
