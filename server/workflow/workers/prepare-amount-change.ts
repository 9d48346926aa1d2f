/**
 * Job worker `prepare-amount-change` (recheck.bpmn, after the district approved a proposed change).
 *
 * Consumes: `recheckId`, `changeKind` (`increase` | `decrease` | `stop` | `taper`), `changeReasons`
 *   (the written reasons, 条例 §26), `decisionReasons`, `taperMonths` (渐退, 1–6), `hearing`
 *   (`{ heardOn, method, statement }`, required before a cut or termination — 社会救助法 §48),
 *   `decidedById`, `recheckVisit.visitedOn`.
 * Produces: the decision recorded and priced — effective from the month after today (China), the
 *   amount now and after, with the household re-assessed by the domain rules for 增发/减发 — and the
 *   variables the 决定书 template reads: `changeId`, `effectiveMonth`, `currentAmount`, `newAmount`,
 *   `reasons`, `basis`, `heardOn`, `reviewedOn`.
 * Retry safety: one decision per re-check (unique); a retry returns the recorded one unchanged,
 *   whatever day it runs.
 */
import { z } from 'zod';
import { loadStandards } from '../../db/standards-repository';
import { prepareChange } from '../../disbursement/changes';
import { assessHousehold } from '../../disbursement/household-terms';
import { defineJob, Month, Uuid } from '../../disbursement/jobs';
import { addMonths, chinaDate } from '../../disbursement/months';
import { ownRecheck } from '../../disbursement/processes';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD');

const BASIS = {
  dibao: '《重庆市城乡居民最低生活保障条例》第二十六条',
  tekun: '《特困人员认定办法》（民发〔2021〕43号）',
} as const;

export default defineJob({
  type: 'prepare-amount-change',
  input: z
    .object({
      recheckId: Uuid,
      changeKind: z.enum(['increase', 'decrease', 'stop', 'taper']),
      changeReasons: z.array(z.string().trim().min(1)).min(1, '至少写明一条理由'),
      decisionReasons: z.string().nullish(),
      taperMonths: z.number().int().nullish(),
      hearing: z.object({ heardOn: IsoDay, method: z.string(), statement: z.string() }).nullish(),
      decidedById: Uuid.nullish(),
      recheckVisit: z.object({ visitedOn: IsoDay }).passthrough().nullish(),
    })
    .passthrough(),
  output: z.object({
    changeId: Uuid,
    effectiveMonth: Month,
    currentAmount: z.number(),
    newAmount: z.number(),
    reasons: z.array(z.string()),
    basis: z.string(),
    heardOn: IsoDay.nullable(),
    reviewedOn: IsoDay,
  }),
  async handle(deps, v, job) {
    const r = await ownRecheck(deps.db, v.recheckId, job.processInstanceKey);
    const rounding = deps.config.amountRounding;
    const decidedOn = chinaDate(deps.clock?.() ?? new Date());
    let newTerms = null;
    if (v.changeKind === 'increase' || v.changeKind === 'decrease') {
      const c = await deps.db.case.findUniqueOrThrow({
        where: { id: r.recipient.caseId },
        select: { data: true },
      });
      const assessed = await assessHousehold(
        deps.db,
        {
          householdId: r.recipient.householdId,
          type: r.recipient.type === 'tekun' ? 'tekun' : 'dibao',
          month: addMonths(decidedOn.slice(0, 7), 1),
          selfCare: (c.data as { selfCare?: unknown } | null)?.selfCare,
        },
        await loadStandards(deps.db),
        rounding,
      );
      newTerms = assessed.terms;
    }
    const reasons = [...v.changeReasons, ...(v.decisionReasons?.trim() ? [v.decisionReasons.trim()] : [])];
    const prepared = await deps.db.$transaction((tx) =>
      prepareChange(
        tx,
        {
          recipientId: r.recipientId,
          recheckId: r.id,
          kind: v.changeKind,
          reasons,
          hearing: v.hearing ?? null,
          taperMonths: v.taperMonths ?? null,
          newTerms,
          decidedOn,
          decidedById: v.decidedById ?? null,
        },
        rounding,
      ),
    );
    const change = await deps.db.amountChange.findUniqueOrThrow({ where: { id: prepared.changeId } });
    const hearing = change.hearing as { heardOn?: string } | null;
    return {
      changeId: prepared.changeId,
      effectiveMonth: prepared.fromMonth,
      currentAmount: prepared.previousAmount,
      newAmount: prepared.newAmount,
      reasons: change.reasons,
      basis: BASIS[r.recipient.type === 'tekun' ? 'tekun' : 'dibao'],
      heardOn: hearing?.heardOn ?? null,
      reviewedOn: v.recheckVisit?.visitedOn ?? change.decidedOn.toISOString().slice(0, 10),
    };
  },
});
