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
