/**
 * 纳入保障: puts a granted 低保 household or 特困 person on the register the monthly runs pay from.
 * Called by the `enrol-recipient` worker (issue 9) once per granted case; a second call for the
 * same case returns the first enrolment and changes nothing.
 *
 * The household is assessed by the domain rules for the start month (amount components: size,
 * income, 分类重点救助, care tier); the decided amount may differ from the formula, and the
 * difference is kept as an adjustment, so every later month is paid as the formula with the
 * month's standard plus that adjustment. The SQL the runs use prices the terms once more and must
 * agree with the domain to the 分 — a disagreement is a defect and stops the enrolment.
 */
import { auditedWrite } from '../auth/audit';
import type { Db } from '../db/client';
import type { RecheckCategory } from '../db/generated/enums';
import { loadStandards } from '../db/standards-repository';
import { hasAtMostTwoDecimals, toFen } from '../domain/money';
import type { Rounding } from '../domain/settings';
import { monthlyAmount } from './amounts';
import { assessHousehold } from './household-terms';
import { isIsoMonth, monthOfDate, monthStart, type IsoMonth } from './months';
import { categoryOf, firstRecheckMonth, recheckFactsOf } from './rechecks';
import { RunRefusal } from './runs';

export interface EnrolmentInput {
  caseId: string;
  /** Monthly total decided (yuan): the decision's `approvedAmount`. */
  approvedAmount: number;
  /** First paid month: `dibaoStartMonth()` (DIBAO_START_MONTH) or `tekunStartMonth()` (43号). */
  startMonth: IsoMonth;
}

export interface Enrolment {
  recipientId: string;
  startMonth: IsoMonth;
  created: boolean;
  /** What the formula gives for the start month, and the decided difference (yuan). */
  formulaAmount: number;
  adjustment: number;
  recheckCategory: RecheckCategory;
  nextRecheckMonth: IsoMonth;
}

export async function enrolRecipient(
  db: Db,
  input: EnrolmentInput,
  settings: { rounding: Rounding },
): Promise<Enrolment> {
  if (!isIsoMonth(input.startMonth)) throw new RunRefusal(`起始月格式应为 YYYY-MM：${input.startMonth}`, 400);
  if (!(input.approvedAmount > 0) || !hasAtMostTwoDecimals(input.approvedAmount)) {
    throw new RunRefusal(`核定月保障金应为大于 0、最多两位小数的金额：${input.approvedAmount}`, 400);
  }
  const standards = await loadStandards(db);
  return auditedWrite<Enrolment>(db, null, async (tx) => {
    // One enrolment per case, even when two workers race: the second waits here, then finds it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`enrol:${input.caseId}`}, 0))`;
    const existing = await tx.recipient.findUnique({
      where: { caseId: input.caseId },
      include: { terms: true },
    });
    if (existing) {
      const first = existing.terms.find((t) => t.fromMonth.getTime() === existing.startMonth.getTime());
      return {
        result: {
          recipientId: existing.id,
          startMonth: monthOfDate(existing.startMonth),
          created: false,
          formulaAmount: Number(existing.approvedAmount) - (first?.adjustmentFen ?? 0) / 100,
          adjustment: (first?.adjustmentFen ?? 0) / 100,
          recheckCategory: existing.recheckCategory,
          nextRecheckMonth: monthOfDate(existing.nextRecheckMonth),
        },
        audit: [],
      };
    }
    const c = await tx.case.findUnique({ where: { id: input.caseId }, include: { household: true } });
    if (!c) throw new RunRefusal(`案件不存在：${input.caseId}`, 404);
    if (c.type !== 'dibao' && c.type !== 'tekun') throw new RunRefusal('只有低保、特困案件纳入按月发放', 400);
    const other = await tx.recipient.findFirst({
      where: {
        householdId: c.householdId,
        OR: [{ endMonth: null }, { endMonth: { gte: monthStart(input.startMonth) } }],
      },
    });
    if (other) throw new RunRefusal('该家庭已在保（另一案件），不能重复纳入保障', 409);

    const data = (c.data ?? {}) as { selfCare?: unknown };
    const assessed = await assessHousehold(
      tx,
      { householdId: c.householdId, type: c.type, month: input.startMonth, selfCare: data.selfCare },
      standards,
      settings.rounding,
    );
    if (!assessed.calculation.eligible) {
      throw new RunRefusal(
        '按家庭现有资料核算，该家庭不符合条件（收入不低于标准），请核实家庭资料后再纳入保障',
        409,
      );
    }
    const recipient = await tx.recipient.create({
      data: {
        caseId: c.id,
        householdId: c.householdId,
        districtCode: c.districtCode,
        streetCode: c.streetCode,
        type: c.type,
        area: c.household.area,
        startMonth: monthStart(input.startMonth),
        approvedAmount: input.approvedAmount,
        // Replaced below, once the household's facts are read through the recipient.
        recheckCategory: 'monthly',
        nextRecheckMonth: monthStart(input.startMonth),
      },
    });
    const priced = await monthlyAmount(tx, recipient.id, input.startMonth, settings.rounding, assessed.terms);
    if (toFen(priced.amount) !== toFen(assessed.calculation.total)) {
      throw new Error(
        `金额核算不一致：领域规则 ${assessed.calculation.total} 元，发放计算 ${priced.amount} 元（案件 ${c.caseNo}）`,
      );
    }
    const adjustmentFen = toFen(input.approvedAmount) - toFen(priced.amount);
    await tx.recipientTerms.create({
      data: {
        recipientId: recipient.id,
        fromMonth: monthStart(input.startMonth),
        ...assessed.terms,
        adjustmentFen,
        reason: '纳入保障',
      },
    });
    const category = categoryOf(await recheckFactsOf(tx, recipient.id));
    const next = firstRecheckMonth(input.startMonth, category);
    await tx.recipient.update({
      where: { id: recipient.id },
      data: { recheckCategory: category, nextRecheckMonth: monthStart(next) },
    });
    return {
      result: {
        recipientId: recipient.id,
        startMonth: input.startMonth,
        created: true,
        formulaAmount: priced.amount,
        adjustment: adjustmentFen / 100,
        recheckCategory: category,
        nextRecheckMonth: next,
      },
      audit: {
        action: 'recipient.enrolled',
        caseId: c.id,
        summary: {
          recipientId: recipient.id,
          startMonth: input.startMonth,
          approvedAmount: input.approvedAmount,
          formulaAmount: priced.amount,
          recheckCategory: category,
        },
      },
    };
  });
}
