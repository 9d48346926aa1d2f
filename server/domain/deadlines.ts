/**
 * Every legal (and internal) deadline of the three procedures in one table, and the dates they fall
 * on. Working-day periods use the statutory calendar (working-days.ts); 公示 periods count calendar
 * days (DOMAIN.md "Working days"). A due date is the end of the last day in China, as an ISO 8601
 * date-time that Zeebe/FEEL accept for timer timeDate and user-task dueDate.
 */
import { endOfDayInChina, type IsoDate } from './dates';
import type { DomainSettings } from './settings';
import { addCalendarDays, addWorkingDays } from './working-days';

export interface DeadlineRule {
  unit: 'working' | 'calendar';
  days: number;
  /** The article it implements, or why it is an internal target. */
  basis: string;
}

export const DEADLINE_KINDS = [
  'acceptance',
  'investigationStart',
  'verificationStart',
  'dibaoCase',
  'dibaoCaseExtended',
  'publicNotice',
  'dibaoRenotice',
  'districtReview',
  'refusalNotice',
  'tekunInitialReview',
  'tekunReinvestigation',
  'tekunConfirmation',
  'urgentPayment',
  'urgentSupplement',
  'panel',
  'supervision',
] as const;

export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export function deadlineRules(s: DomainSettings): Record<DeadlineKind, DeadlineRule> {
  const working = (days: number, basis: string): DeadlineRule => ({ unit: 'working', days, basis });
  const calendar = (days: number, basis: string): DeadlineRule => ({ unit: 'calendar', days, basis });
  return {
    acceptance: working(s.acceptanceWorkingDays, '受理或一次性告知（57号 §10，条例 §17；时限为设置项）'),
    investigationStart: working(3, '受理后 3 个工作日内启动调查（57号 §15）'),
    verificationStart: working(3, '核查认定中心 3 个工作日内启动信息核对（57号 §17）'),
    dibaoCase: working(s.dibao.deadlineWorkingDays, '自受理起办结（重庆 25 个工作日，设置项）'),
    dibaoCaseExtended: working(
      s.dibao.deadlineExtendedWorkingDays,
      '特殊情况延长（重庆 40 个工作日，设置项）',
    ),
    publicNotice: calendar(7, '初审公示 7 天（57号 §19，条例 §18）'),
    dibaoRenotice: calendar(3, '有异议重新调查后再公示 3 天（条例 §18）'),
    districtReview: working(10, '收到材料后 10 个工作日内审核确认（57号 §20）'),
    refusalNotice: working(3, '不予确认的 3 个工作日内书面告知并说明理由（57号 §21）'),
    tekunInitialReview: working(15, '15 个工作日内提出初审意见（43号）'),
    tekunReinvestigation: working(15, '公示有异议的 15 个工作日内重新调查并重新公示（43号）'),
    tekunConfirmation: working(15, '15 个工作日内作出确认（含抽查）（43号）'),
    urgentPayment: calendar(3, '急难型先行救助 3 日内发放（民发〔2018〕23号，2026 意见）'),
    urgentSupplement: working(s.linshi.urgentSupplementWorkingDays, '先行救助后补齐材料（内部时限，设置项）'),
    panel: working(10, '一事一议：参照 57号 §20 的 10 个工作日（内部时限）'),
    supervision: working(3, '超期督办（内部时限）'),
  };
}

export interface Deadline {
  kind: DeadlineKind;
  /** The last day of the period. */
  date: IsoDate;
  /** End of that day in China, e.g. '2026-12-04T23:59:59+08:00'. */
  dueDateTime: string;
  rule: DeadlineRule;
}

/** The deadline of `kind` for a period starting on `start` (the start day itself not counted). */
export function computeDeadline(kind: DeadlineKind, start: IsoDate, settings: DomainSettings): Deadline {
  const rule = deadlineRules(settings)[kind];
  if (!rule) throw new RangeError(`未知的期限类别：${String(kind)}`);
  const date = rule.unit === 'working' ? addWorkingDays(start, rule.days) : addCalendarDays(start, rule.days);
  return { kind, date, dueDateTime: endOfDayInChina(date), rule };
}

/**
 * Several deadlines from one start, as process variables: `{ <kind>Due: '…T23:59:59+08:00' }`
 * (e.g. `investigationStartDue`), which the models use in timers and task due dates.
 */
export function deadlineVariables(
  kinds: readonly DeadlineKind[],
  start: IsoDate,
  settings: DomainSettings,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of kinds) out[`${k}Due`] = computeDeadline(k, start, settings).dueDateTime;
  return out;
}
