/**
 * The inbox: the engine's user tasks of the user's candidate group (`candidateGroupsOf`, which
 * carries the user's own 街道 or 区县), joined with their cases from the database, with the
 * deadline counted down in working days on the statutory calendar (57号: 工作日).
 */
import type { AppContext } from '../../app';
import { covers, type Jurisdiction } from '../../auth/roles';
import { chinaDate } from '../../domain/dates';
import { candidateGroupsOf } from '../../domain/decision';
import { workingDaysBetween } from '../../domain/working-days';
import { CASE_TYPE_LABELS, CaseType } from '../cases/schemas';
import { Iso } from '../schemas';
import { z } from '../zod';
import { instanceVariables, type EngineTask } from './engine';

export const InboxTask = z
  .object({
    userTaskKey: z.string(),
    elementId: z.string(),
    name: z.string(),
    formKey: z.string().nullable(),
    bpmnProcessId: z.string(),
    processInstanceKey: z.string(),
    caseId: z.uuid(),
    caseNo: z.string(),
    caseType: CaseType,
    typeLabel: z.string(),
    applicantName: z.string(),
    streetName: z.string(),
    assignee: z.string().nullable().openapi({ description: '办理人用户名；组待办为 null' }),
    assigneeName: z.string().nullable(),
    candidateGroups: z.array(z.string()),
    creationDate: Iso,
    dueDate: Iso.nullable(),
    workingDaysLeft: z
      .number()
      .int()
      .nullable()
      .openapi({ description: '距期限的工作日数（法定节假日和调休），超期为负数' }),
    overdue: z.boolean(),
  })
  .openapi('InboxTask');
export type InboxTaskView = z.infer<typeof InboxTask>;

export interface TaskCase extends Jurisdiction {
  id: string;
  caseNo: string;
  type: z.infer<typeof CaseType>;
  status: string;
  streetCode: string;
  streetName: string;
  applicantName: string;
  householdSize: number;
  data: Record<string, unknown>;
}

/** Working days from today (China) to the due date; negative when it has passed. */
export function workingDaysLeft(due: string | null, now = new Date()): number | null {
  if (!due) return null;
  const today = chinaDate(now);
  const dueDay = chinaDate(new Date(due));
  try {
    return dueDay >= today ? workingDaysBetween(today, dueDay) : -workingDaysBetween(dueDay, today);
  } catch {
    return null; // a year beyond the holiday calendar under HOLIDAY_UNKNOWN_YEAR=fail
  }
}

/** Cases by id, with what the inbox shows of them. */
export async function casesById(ctx: AppContext, ids: string[]): Promise<Map<string, TaskCase>> {
  const valid = ids.filter((id) => z.uuid().safeParse(id).success);
  const rows = await ctx.db.case.findMany({
    where: { id: { in: valid } },
    include: {
      street: { select: { name: true } },
      household: { select: { members: { select: { name: true, relation: true } } } },
    },
  });
  return new Map(
    rows.map((c) => [
      c.id,
      {
        id: c.id,
        caseNo: c.caseNo,
        type: c.type,
        status: c.status,
        districtCode: c.districtCode,
        streetCode: c.streetCode,
        streetName: c.street.name,
        applicantName: c.household.members.find((m) => m.relation === 'applicant')?.name ?? '',
        householdSize: c.household.members.length,
        data:
          c.data && typeof c.data === 'object' && !Array.isArray(c.data)
            ? (c.data as Record<string, unknown>)
            : {},
      },
    ]),
  );
}

/**
 * The case of each task (by the `caseId` process variable). Tasks without a case (the monthly
 * disbursement approval) are not inbox tasks: they have their own page.
 */
export async function casesOfTasks(ctx: AppContext, tasks: EngineTask[]): Promise<Map<string, TaskCase>> {
  const pis = [...new Set(tasks.map((t) => t.processInstanceKey))];
  const vars = await instanceVariables(ctx, pis, ['caseId']);
  const caseIds = new Map<string, string>();
  for (const [pi, v] of vars) if (typeof v.caseId === 'string') caseIds.set(pi, v.caseId);
  const cases = await casesById(ctx, [...new Set(caseIds.values())]);
  const out = new Map<string, TaskCase>();
  for (const t of tasks) {
    const c = cases.get(caseIds.get(t.processInstanceKey) ?? '');
    if (c) out.set(t.userTaskKey, c);
  }
  return out;
}

/** May this user work on this task: its group is the user's and its case in the user's area. */
export function mayWorkOn(
  actor: { role: string; districtCode: string; streetCode: string | null },
  task: EngineTask,
  c: TaskCase | undefined,
): c is TaskCase {
  if (!c || !covers(actor, c)) return false;
  const mine = candidateGroupsOf(actor);
  return task.candidateGroups.some((g) => mine.includes(g));
}

export async function displayNames(
  ctx: AppContext,
  usernames: (string | null)[],
): Promise<Map<string, string>> {
  const names = [...new Set(usernames.filter((u): u is string => !!u))];
  if (names.length === 0) return new Map();
  const users = await ctx.db.user.findMany({
    where: { username: { in: names } },
    select: { username: true, displayName: true },
  });
  return new Map(users.map((u) => [u.username, u.displayName]));
}

export function inboxView(
  t: EngineTask,
  c: TaskCase,
  names: Map<string, string>,
  now = new Date(),
): InboxTaskView {
  return {
    userTaskKey: t.userTaskKey,
    elementId: t.elementId,
    name: t.name,
    formKey: t.formKey,
    bpmnProcessId: t.bpmnProcessId,
    processInstanceKey: t.processInstanceKey,
    caseId: c.id,
    caseNo: c.caseNo,
    caseType: c.type,
    typeLabel: CASE_TYPE_LABELS[c.type],
    applicantName: c.applicantName,
    streetName: c.streetName,
    assignee: t.assignee,
    assigneeName: t.assignee ? (names.get(t.assignee) ?? null) : null,
    candidateGroups: t.candidateGroups,
    creationDate: new Date(t.creationDate).toISOString(),
    dueDate: t.dueDate ? new Date(t.dueDate).toISOString() : null,
    workingDaysLeft: workingDaysLeft(t.dueDate, now),
    overdue: t.dueDate ? Date.parse(t.dueDate) < now.getTime() : false,
  };
}
