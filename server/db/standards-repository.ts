/**
 * Reads the effective-dated standards and a district's 临时救助 policy as plain domain objects
 * (server/domain/standards.ts, linshi.ts); no Prisma types leave this file.
 */
import type { Area, StandardRow } from '../domain/standards';
import type { LinshiBand, LinshiPolicy } from '../domain/linshi';
import type { Db } from './client';

const num = (d: { toNumber(): number }) => d.toNumber();
const numOrNull = (d: { toNumber(): number } | null) => (d === null ? null : d.toNumber());

export async function loadStandards(db: Db): Promise<StandardRow[]> {
  const rows = await db.assistanceStandard.findMany({ orderBy: [{ area: 'asc' }, { effectiveFrom: 'asc' }] });
  return rows.map((r) => ({
    area: r.area as Area,
    effectiveFrom: r.effectiveFrom.toISOString().slice(0, 10),
    dibao: num(r.dibao),
    tekunBasic: numOrNull(r.tekunBasic),
    careFull: numOrNull(r.careFull),
    careHalf: numOrNull(r.careHalf),
    careSelf: numOrNull(r.careSelf),
    source: r.source,
    note: r.note,
  }));
}

export interface LinshiDistrictSettings extends LinshiPolicy {
  incomeReference: { year: number; urban: number; rural: number };
}

/** The district's band table and limits, or null when the district has none configured. */
export async function loadLinshiPolicy(db: Db, districtCode: string): Promise<LinshiDistrictSettings | null> {
  const p = await db.linshiDistrictPolicy.findUnique({
    where: { districtCode },
    include: { bands: { orderBy: [{ kind: 'asc' }, { level: 'asc' }] } },
  });
  if (!p) return null;
  return {
    districtCode: p.districtCode,
    streetApprovalLimit: num(p.streetApprovalLimit),
    bands: p.bands.map((b): LinshiBand => ({
      kind: b.kind,
      level: b.level,
      name: b.name,
      ceiling: num(b.ceiling),
    })),
    incomeReference: {
      year: p.incomeReferenceYear,
      urban: num(p.urbanIncomeReference),
      rural: num(p.ruralIncomeReference),
    },
  };
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Inserts or replaces the standard of one area from one month on. */
export async function saveStandard(tx: Tx, r: StandardRow): Promise<void> {
  const data = {
    dibao: r.dibao,
    tekunBasic: r.tekunBasic,
    careFull: r.careFull,
    careHalf: r.careHalf,
    careSelf: r.careSelf,
    source: r.source,
    note: r.note ?? null,
  };
  const effectiveFrom = new Date(`${r.effectiveFrom}T00:00:00Z`);
  await tx.assistanceStandard.upsert({
    where: { area_effectiveFrom: { area: r.area, effectiveFrom } },
    create: { area: r.area, effectiveFrom, ...data },
    update: data,
  });
}

/** Replaces a district's 临时救助 policy and its whole band table. */
export async function saveLinshiPolicy(tx: Tx, p: LinshiDistrictSettings): Promise<void> {
  const data = {
    streetApprovalLimit: p.streetApprovalLimit,
    incomeReferenceYear: p.incomeReference.year,
    urbanIncomeReference: p.incomeReference.urban,
    ruralIncomeReference: p.incomeReference.rural,
  };
  await tx.linshiDistrictPolicy.upsert({
    where: { districtCode: p.districtCode },
    create: { districtCode: p.districtCode, ...data },
    update: data,
  });
  await tx.linshiBand.deleteMany({ where: { districtCode: p.districtCode } });
  await tx.linshiBand.createMany({
    data: p.bands.map((b) => ({ districtCode: p.districtCode, ...b })),
  });
}
