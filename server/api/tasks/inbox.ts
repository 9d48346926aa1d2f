/**
 * The inbox: the engine's user tasks of the user's candidate group (`candidateGroupsOf`, which
 * carries the user's own 街道 or 区县), joined with their cases from the database, with the
 * deadline counted down in working days on the statutory calendar (57号: 工作日).
 */
import type { AppContext } from '../../app';
import { Prisma } from '../../db/generated/client';
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

/** What the inbox shows of a task's case. */
export interface InboxCase extends Jurisdiction {
  id: string;
  caseNo: string;
  type: z.infer<typeof CaseType>;
  status: string;
  streetCode: string;
  streetName: string;
  applicantName: string;
  householdSize: number;
}

/** A task's case with the data collected along the steps (the task's form and its checks). */
export interface TaskCase extends InboxCase {
  data: Record<string, unknown>;
}

/** Working days from today (China) to the due date; negative when it has passed. */
export function workingDaysLeft(due: string | null, now = new Date()): number | null {
  if (!due) return null;
  const today = chinaDate(now);
  const dueDay = chinaDate(new Date(due));
  // A page's tasks share few due days, and the list passes one `now` for all of them.
  const seen = daysLeftSeen.get(now) ?? new Map<string, number | null>();
  daysLeftSeen.set(now, seen);
  if (seen.has(dueDay)) return seen.get(dueDay)!;
  let left: number | null;
  try {
    left = dueDay >= today ? workingDaysBetween(today, dueDay) : -workingDaysBetween(dueDay, today);
  } catch {
    left = null; // a year beyond the holiday calendar under HOLIDAY_UNKNOWN_YEAR=fail
  }
  seen.set(dueDay, left);
  return left;
}
const daysLeftSeen = new WeakMap<Date, Map<string, number | null>>();

interface CaseRow {
  id: string;
  caseNo: string;
  type: z.infer<typeof CaseType>;
  status: string;
  districtCode: string;
  streetCode: string;
  streetName: string;
  processInstanceKey: string | null;
  applicantName: string | null;
  householdSize: number;
  data?: unknown;
}

/**
 * Cases with what the inbox shows of them, in one statement (street, applicant and household
 * size joined in SQL rather than four ORM round trips), by id or by process instance key.
 */
async function caseRows(
  ctx: AppContext,
  by: { ids: string[] } | { processInstanceKeys: string[] },
  withData: boolean,
): Promise<CaseRow[]> {
  const where =
    'ids' in by
      ? Prisma.sql`c.id = ANY(${by.ids.filter((id) => z.uuid().safeParse(id).success)}::uuid[])`
      : Prisma.sql`c.process_instance_key = ANY(${by.processInstanceKeys}::text[])`;
  return ctx.db.$queryRaw<CaseRow[]>`
    SELECT c.id::text, c.case_no AS "caseNo", c.type::text, c.status::text,
           c.district_code AS "districtCode", c.street_code AS "streetCode", s.name AS "streetName",
           c.process_instance_key AS "processInstanceKey",
           (SELECT m.name FROM member m WHERE m.household_id = c.household_id AND m.relation = 'applicant'
             ORDER BY m.created_at, m.id LIMIT 1) AS "applicantName",
           (SELECT count(*)::int FROM member m WHERE m.household_id = c.household_id) AS "householdSize"
           ${withData ? Prisma.sql`, c.data` : Prisma.empty}
      FROM "case" c JOIN street s ON s.code = c.street_code
     WHERE ${where}`;
}

const inboxCase = (r: CaseRow): InboxCase => ({
  id: r.id,
  caseNo: r.caseNo,
  type: r.type,
  status: r.status,
  districtCode: r.districtCode,
  streetCode: r.streetCode,
  streetName: r.streetName,
  applicantName: r.applicantName ?? '',
  householdSize: r.householdSize,
});

/** Cases by id, with what the inbox shows of them and their data. */
export async function casesById(ctx: AppContext, ids: string[]): Promise<Map<string, TaskCase>> {
  if (ids.length === 0) return new Map();
  const rows = await caseRows(ctx, { ids }, true);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ...inboxCase(r),
        data:
          r.data && typeof r.data === 'object' && !Array.isArray(r.data)
            ? (r.data as Record<string, unknown>)
            : {},
      },
    ]),
  );
}

/**
 * The case of each task. A case records the key of the process instance it started
 * (cases/start.ts), so the cases of a page of tasks come from one query on our own database;
 * only a task of another instance (a called process, a re-check) is looked up by its instance's
 * `caseId` variable through the engine. Tasks without a case (the monthly disbursement approval)
 * are not inbox tasks: they have their own page.
 */
export async function casesOfTasks(ctx: AppContext, tasks: EngineTask[]): Promise<Map<string, InboxCase>> {
  const pis = [...new Set(tasks.map((t) => t.processInstanceKey))];
  const byInstance = new Map<string, InboxCase>();
  if (pis.length) {
    for (const r of await caseRows(ctx, { processInstanceKeys: pis }, false))
      byInstance.set(r.processInstanceKey!, inboxCase(r));
  }
  const others = pis.filter((pi) => !byInstance.has(pi));
  if (others.length) {
    const vars = await instanceVariables(ctx, others, ['caseId']);
    const caseIds = new Map<string, string>();
    for (const [pi, v] of vars) if (typeof v.caseId === 'string') caseIds.set(pi, v.caseId);
    const ids = [...new Set(caseIds.values())];
    const cases = new Map(
      ids.length ? (await caseRows(ctx, { ids }, false)).map((r) => [r.id, inboxCase(r)]) : [],
    );
    for (const [pi, id] of caseIds) {
      const c = cases.get(id);
      if (c) byInstance.set(pi, c);
    }
  }
  const out = new Map<string, InboxCase>();
  for (const t of tasks) {
    const c = byInstance.get(t.processInstanceKey);
    if (c) out.set(t.userTaskKey, c);
  }
  return out;
}

/** May this user work on this task: its group is the user's and its case in the user's area. */
export function mayWorkOn(
  actor: { role: string; districtCode: string; streetCode: string | null },
  task: EngineTask,
  c: InboxCase | undefined,
): c is InboxCase {
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
  c: InboxCase,
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
