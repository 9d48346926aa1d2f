/**
 * Job worker `select-spot-check` (tekun, when the file reaches the district).
 *
 * Consumes: `caseId`, `districtCode`.
 * Produces: the decision in the case file (`case.data.spotCheck`: year, sequence, selectedBefore,
 *   selected, reason, draw) with one audit event; variables `spotCheck` (boolean) and
 *   `spotCheckReason` (`"random"` | `"quota"` | null). 43号: the 区县 spot-checks at least
 *   TEKUN_SPOT_CHECK_RATE (≥ 30 %) of the 特困 files — a keyed draw per case, plus a running quota
 *   over the district's yearly series so the share never falls below the rate.
 * Retry safety: each case is decided once; a second run (or a later one) returns the stored
 *   decision. The district's series is counted under an advisory lock, so two cases never share a
 *   sequence number.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob } from '../../disbursement/jobs';
import { selectForSpotCheck } from '../../domain/spot-check';
import {
  asRefusal,
  CaseId,
  CaseRefusal,
  dataOf,
  lockCase,
  recordInCase,
  todayOf,
  type CaseDeps,
} from '../case-jobs';
import { spotCheckSeed } from '../spot-check-seed';

const Output = z.object({ spotCheck: z.boolean(), spotCheckReason: z.enum(['random', 'quota']).nullable() });
type Output = z.infer<typeof Output>;
interface Stored {
  year: number;
  sequence: number;
  selectedBefore: number;
  selected: boolean;
  reason: 'random' | 'quota' | null;
  draw: number;
}

export default defineJob({
  type: 'select-spot-check',
  input: z
    .object({ caseId: CaseId, districtCode: z.string().regex(/^\d{6}$/, '应为 6 位区县代码') })
    .passthrough(),
  output: Output,
  async handle(deps: CaseDeps, v, job) {
    const seed = deps.spotCheckSeed ?? (await spotCheckSeed(deps.config));
    const year = Number(todayOf(deps).slice(0, 4));
    return auditedWrite<Output>(deps.db, null, async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`spot-check:${v.districtCode}`}, 0))`;
      const c = await lockCase(tx, v.caseId);
      const stored = dataOf(c).spotCheck as Stored | undefined;
      if (stored)
        return { result: { spotCheck: stored.selected, spotCheckReason: stored.reason }, audit: [] };
      if (c.type !== 'tekun') throw new CaseRefusal('只有特困案件参加区县随机抽查（43号）');
      if (c.districtCode !== v.districtCode) {
        throw new CaseRefusal(
          `案件属于区县 ${c.districtCode}，与流程变量 districtCode ${v.districtCode} 不符`,
        );
      }
      const [row] = await tx.$queryRaw<{ n: bigint; selected: bigint }[]>`
        SELECT count(*) AS n, count(*) FILTER (WHERE (data->'spotCheck'->>'selected')::boolean) AS selected
        FROM "case"
        WHERE district_code = ${v.districtCode} AND type = 'tekun'
          AND data ? 'spotCheck' AND (data->'spotCheck'->>'year')::int = ${year}`;
      const sequence = Number(row!.n) + 1;
      const selectedBefore = Number(row!.selected);
      // 43号: at least TEKUN_SPOT_CHECK_RATE (≥ 30 %) of the files are spot-checked by the district.
      const d = asRefusal(() =>
        selectForSpotCheck({
          seed,
          caseKey: c.id,
          rate: deps.config.tekun.spotCheckRate,
          sequence,
          selectedBefore,
        }),
      );
      const decision: Stored = {
        year,
        sequence,
        selectedBefore,
        selected: d.selected,
        reason: d.reason,
        draw: d.draw,
      };
      const result = { spotCheck: d.selected, spotCheckReason: d.reason };
      await recordInCase(tx, c.id, job.elementInstanceKey, result, { spotCheck: decision });
      return {
        result,
        audit: {
          action: 'case.spot-check-drawn',
          caseId: c.id,
          summary: { year, sequence, selected: d.selected, reason: d.reason },
        },
      };
    });
  },
});
