/**
 * 试算 (trial calculation) for staff at the window: one household and month → eligibility and
 * amounts for 低保 or 特困, the same JSON as `npm run calc` (server/cli/calc.ts), with the standards
 * valid in that month from the database (effective-dated; the published table when it is empty).
 */
import { loadStandards } from '../db/standards-repository';
import { calculate, calculationInputSchema, CalculationInputError } from '../domain/calculation';
import { domainSettings } from '../domain/settings';
import { PUBLISHED_STANDARDS } from '../domain/standards';
import { CASE_READERS } from '../auth/roles';
import { badRequest } from './problem';
import { defineRoute } from './route';
import { z } from './zod';

export const CalculationResult = z
  .object({
    eligible: z.boolean(),
    standard: z.number().openapi({ description: '当月适用的低保标准或特困人员基本生活标准（元/人·月）' }),
    perCapitaIncome: z.number(),
    baseAmount: z.number().openapi({ description: '低保：补差；特困：基本生活费。不符合条件为 0' }),
    addOns: z.array(z.object({ idNumber: z.string(), reason: z.string(), amount: z.number() })),
    careTier: z.enum(['全自理', '半护理', '全护理']).nullable(),
    careAmount: z.number(),
    total: z.number(),
    edge: z.boolean().openapi({ description: '低保边缘家庭' }),
  })
  .openapi('CalculationResult');

const trial = defineRoute({
  method: 'post',
  path: '/api/calculations',
  summary: '试算：按当月标准计算低保补差及分类重点救助，或特困供养金额（不保存，仅记审计）',
  tag: '试算',
  roles: CASE_READERS,
  access: { kind: 'scoped' },
  body: calculationInputSchema,
  response: { description: '试算结果', schema: CalculationResult },
  handler: async ({ ctx, body, write }) => {
    const stored = await loadStandards(ctx.db);
    let result;
    try {
      result = calculate(body, stored.length ? stored : PUBLISHED_STANDARDS, domainSettings(ctx.config));
    } catch (err) {
      if (err instanceof CalculationInputError) throw badRequest('无法试算', err.errors);
      throw err;
    }
    // Personal data was handled: the trail records that a calculation ran, never whose.
    await write(async () => ({
      result: null,
      audit: {
        action: 'calculation.trial',
        summary: { type: body.type, area: body.area, month: body.month, members: body.members.length },
      },
    }));
    return result;
  },
});

export const calculationRoutes = [trial];
