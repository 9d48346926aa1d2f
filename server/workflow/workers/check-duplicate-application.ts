/**
 * Job worker `check-duplicate-application` (linshi, first step).
 *
 * Consumes: `caseId` — the members' 身份证号 and the hardship event (`case.data.event`:
 *   `{ kind, date }`, recorded with the application) from the database.
 * Produces: `duplicateOf`: the `caseNo` of an earlier 临时救助 application for the same event by any
 *   of the same people (at 户籍地 or 居住地), or null; the finding in the case file
 *   (`case.data.duplicateCheck`, with the earlier case's number, day and office for the 不予受理通知书),
 *   with an audit event when a duplicate is found. Rule:
 *   `findDuplicateApplication()` — the second application for the same event is not accepted;
 *   withdrawn applications do not block. An application without a recorded event cannot be
 *   matched and passes (the finding says so).
 * Retry safety: recorded under the element instance; a second run returns the first finding.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob } from '../../disbursement/jobs';
import { issuerOf } from '../../documents/issuer';
import { chinaDate } from '../../domain/dates';
import { findDuplicateApplication, type LinshiApplicationRef } from '../../domain/linshi';
import { CaseId, CaseRefusal, dataOf, lockCase, recordInCase, recorded, type CaseDeps } from '../case-jobs';

const Output = z.object({ duplicateOf: z.string().nullable() });
type Output = z.infer<typeof Output>;
const Event = z.object({ kind: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

const STATUS: Record<string, LinshiApplicationRef['status']> = {
  draft: 'open',
  applied: 'open',
  in_progress: 'open',
  granted: 'granted',
  refused: 'refused',
  withdrawn: 'withdrawn',
  cancelled: 'withdrawn',
};

export default defineJob({
  type: 'check-duplicate-application',
  input: z.object({ caseId: CaseId }).passthrough(),
  output: Output,
  async handle(deps: CaseDeps, v, job) {
    return auditedWrite<Output>(deps.db, null, async (tx) => {
      const c = await lockCase(tx, v.caseId);
      const earlier = recorded<Output>(c, job.elementInstanceKey);
      if (earlier) return { result: earlier, audit: [] };
      if (c.type !== 'linshi') throw new CaseRefusal('同一事由查重只适用于临时救助申请');
      const event = Event.safeParse(dataOf(c).event);
      const ids = c.household.members.map((m) => m.idNumber);
      if (!event.success) {
        const result = { duplicateOf: null };
        await recordInCase(tx, c.id, job.elementInstanceKey, result, {
          duplicateCheck: { checked: false, note: '申请未登记困难事由类别和发生日期，无法查重' },
        });
        return { result, audit: [] };
      }
      const others = await tx.case.findMany({
        where: {
          type: 'linshi',
          id: { not: c.id },
          household: { members: { some: { idNumber: { in: ids } } } },
        },
        include: {
          household: { include: { members: { select: { idNumber: true } } } },
          district: true,
          street: true,
        },
      });
      const refs: LinshiApplicationRef[] = others.flatMap((o) => {
        const e = Event.safeParse(dataOf(o).event);
        if (!e.success) return [];
        return [
          {
            caseId: o.id,
            memberIdNumbers: o.household.members.map((m) => m.idNumber),
            eventKind: e.data.kind,
            eventDate: e.data.date,
            streetCode: o.streetCode,
            appliedAt: o.appliedAt.toISOString(),
            status: STATUS[o.status] ?? 'open',
          },
        ];
      });
      const dup = findDuplicateApplication(
        {
          caseId: c.id,
          memberIdNumbers: ids,
          eventKind: event.data.kind,
          eventDate: event.data.date,
          appliedAt: c.appliedAt.toISOString(),
        },
        refs,
      );
      const found = dup ? others.find((o) => o.id === dup.caseId)! : null;
      const duplicateOf = found ? found.caseNo : null;
      const result = { duplicateOf };
      // The 不予受理通知书 names the earlier application: when and to which office it was made.
      const earlierCase = found
        ? {
            caseNo: found.caseNo,
            appliedOn: chinaDate(found.appliedAt),
            office: issuerOf('street', found.district, found.street).name,
          }
        : null;
      await recordInCase(tx, c.id, job.elementInstanceKey, result, {
        duplicateCheck: { checked: true, duplicateOf, ...(earlierCase ? { earlier: earlierCase } : {}) },
      });
      return {
        result,
        audit: duplicateOf
          ? { action: 'case.duplicate-found', caseId: c.id, summary: { duplicateOf, event: event.data.kind } }
          : [],
      };
    });
  },
});
