/**
 * 待办 (inbox): the human steps of the cases, read from the engine's user tasks and joined with
 * the cases. Each user sees, claims and completes only tasks of their own candidate group, which
 * carries their 街道 or 区县 (`candidateGroupsOf`); the guard checks both the case's jurisdiction
 * and the group. Completion validates the step's form with the UI's own schema (ui/src/forms)
 * and sets the variables of workflows/README.md; a refused form changes nothing in the engine.
 */
import type { AppContext } from '../../app';
import { ROLES, type Role } from '../../auth/roles';
import { chinaDate, endOfDayInChina } from '../../domain/dates';
import { candidateGroupsOf } from '../../domain/decision';
import { CaseType } from '../cases/schemas';
import { Problem } from '../problem';
import { defineRoute } from '../route';
import { PageQuery, QueryBool, pageOf } from '../schemas';
import { z } from '../zod';
import { completionOf, formKeyOf, formOf, missingMaterials } from './completion';
import {
  conflictFrom,
  engineOf,
  findTask,
  loadTask,
  pageOfTasks,
  searchTasks,
  variablesOf,
  type EngineTask,
} from './engine';
import { InboxTask, casesById, casesOfTasks, displayNames, inboxView, mayWorkOn } from './inbox';
import { documentDataOf } from './document-data';
import { formValuesOf } from './form-values';

/** Everyone with a candidate group (administrators have none). */
export const TASK_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'admin');

const KeyParams = z.strictObject({
  key: z.string().regex(/^\d{1,19}$/, '任务编号应为数字'),
});

/** The task's case, by the `caseId` process variable. */
async function caseOfTask(ctx: AppContext, task: EngineTask) {
  const { caseId } = await variablesOf(ctx, task.processInstanceKey, ['caseId']);
  return typeof caseId === 'string' ? ((await casesById(ctx, [caseId])).get(caseId) ?? null) : null;
}

const taskResource = {
  kind: 'resource' as const,
  name: '任务',
  load: async (ctx: AppContext, p: { key: string }) => {
    const task = await findTask(ctx, p.key);
    if (!task) return null;
    const c = await caseOfTask(ctx, task);
    return c
      ? { districtCode: c.districtCode, streetCode: c.streetCode, candidateGroups: task.candidateGroups }
      : null;
  },
};

const TaskDetail = InboxTask.extend({
  formTitle: z.string().nullable(),
  state: z.string().openapi({ description: '流程引擎中的任务状态（CREATED 为待办）' }),
  caseStatus: z.string(),
  householdSize: z.number().int(),
  formValues: z.record(z.string(), z.unknown()).openapi({ description: '表单的初始值（已有的流程数据）' }),
}).openapi('TaskDetail');

/** A task with its case, after the guard let the actor through. */
async function taskWithCase(ctx: AppContext, key: string, until?: (t: EngineTask) => boolean) {
  const task = until
    ? ((await findTask(ctx, key, until)) ?? (await loadTask(ctx, key)))
    : await loadTask(ctx, key);
  const c = await caseOfTask(ctx, task);
  if (!c) throw new Problem(404, '未找到', '任务所属的案件不存在');
  return { task, case: c };
}

async function detail(ctx: AppContext, key: string, until?: (t: EngineTask) => boolean) {
  const { task, case: c } = await taskWithCase(ctx, key, until);
  const names = await displayNames(ctx, [task.assignee]);
  const vars = await variablesOf(ctx, task.processInstanceKey);
  return {
    ...inboxView(task, c, names),
    formTitle: formOf(task)?.title ?? null,
    state: task.state,
    caseStatus: c.status,
    householdSize: c.householdSize,
    formValues: formValuesOf(formKeyOf(task), task, vars, c, await missingMaterials({ ctx, case: c })),
  };
}

const list = defineRoute({
  method: 'get',
  path: '/api/tasks',
  summary: '我的待办（已认领）或组待办（本人所在组、未认领），可按类型、步骤、期限、是否超期筛选',
  tag: '待办',
  roles: TASK_ROLES,
  access: { kind: 'scoped' },
  query: z.strictObject({
    scope: z.enum(['mine', 'group']).default('mine'),
    type: CaseType.optional(),
    formKey: z
      .string()
      .regex(/^[a-z-]{2,40}$/, '步骤应为表单标识，如 accept')
      .optional(),
    overdue: QueryBool.optional(),
    dueBefore: z.iso.date('应为日期（YYYY-MM-DD）').optional(),
    ...PageQuery,
  }),
  response: { description: '待办任务（按期限先后）', schema: pageOf(InboxTask) },
  problems: { 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, query }) => {
    const groups = candidateGroupsOf(actor);
    const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    if (groups.length === 0) return empty;
    engineOf(ctx);
    const filter = {
      state: 'CREATED',
      candidateGroup: { $in: groups },
      assignee: query.scope === 'mine' ? actor.username : { $exists: false },
      ...(query.dueBefore ? { dueDate: { $lte: endOfDayInChina(query.dueBefore) } } : {}),
    };
    const now = new Date();
    if (!query.formKey && query.overdue === undefined && !query.type) {
      // The default view: the engine pages, sorts and counts (bench/api.ts, 100,000 open tasks).
      // Every task found carries one of the actor's groups, which name their 街道 or 区县.
      const p = await pageOfTasks(ctx, filter, query.page, query.pageSize);
      const cases = await casesOfTasks(ctx, p.tasks);
      const items = p.tasks.filter((t) => mayWorkOn(actor, t, cases.get(t.userTaskKey)));
      const names = await displayNames(
        ctx,
        items.map((t) => t.assignee),
      );
      return {
        items: items.map((t) => inboxView(t, cases.get(t.userTaskKey)!, names, now)),
        total: p.total,
        ...(p.totalCapped ? { totalCapped: true } : {}),
        page: query.page,
        pageSize: query.pageSize,
      };
    }
    const found = await searchTasks(ctx, filter);
    const tasks = found.filter(
      (t) =>
        (!query.formKey || formKeyOf(t) === query.formKey) &&
        (query.overdue === undefined ||
          (!!t.dueDate && Date.parse(t.dueDate) < now.getTime()) === query.overdue),
    );
    const cases = await casesOfTasks(ctx, tasks);
    const visible = tasks
      .filter((t) => mayWorkOn(actor, t, cases.get(t.userTaskKey)))
      .filter((t) => !query.type || cases.get(t.userTaskKey)!.type === query.type)
      .sort(
        (a, b) =>
          (a.dueDate ? Date.parse(a.dueDate) : Infinity) - (b.dueDate ? Date.parse(b.dueDate) : Infinity) ||
          a.creationDate.localeCompare(b.creationDate),
      );
    const pageItems = visible.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const names = await displayNames(
      ctx,
      pageItems.map((t) => t.assignee),
    );
    return {
      items: pageItems.map((t) => inboxView(t, cases.get(t.userTaskKey)!, names, now)),
      total: visible.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  },
});

const get = defineRoute({
  method: 'get',
  path: '/api/tasks/:key',
  summary: '一项待办：步骤、所属案件、办理表单及其初始值',
  tag: '待办',
  roles: TASK_ROLES,
  access: taskResource,
  params: KeyParams,
  response: { description: '待办任务', schema: TaskDetail },
  problems: { 503: '流程引擎未连接' },
  handler: async ({ ctx, params }) => detail(ctx, params.key),
});

const openTask = (t: EngineTask) => {
  if (t.state !== 'CREATED') throw new Problem(409, '任务状态已变化', '该任务已办结或已取消，请刷新待办列表');
};

const claim = defineRoute({
  method: 'post',
  path: '/api/tasks/:key/assignment',
  summary: '认领组待办（由本人办理）；已由他人认领的不能认领',
  tag: '待办',
  roles: TASK_ROLES,
  access: taskResource,
  params: KeyParams,
  response: { description: '认领后的任务', schema: TaskDetail },
  problems: { 409: '任务已被他人认领或已办结', 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, params, write }) => {
    const { task, case: c } = await taskWithCase(ctx, params.key);
    openTask(task);
    if (task.assignee && task.assignee !== actor.username) {
      throw new Problem(409, '任务已被认领', '该任务已由他人认领，请刷新待办列表');
    }
    await write(async () => {
      if (!task.assignee) {
        await engineOf(ctx)
          .assignUserTask({
            userTaskKey: params.key as never,
            assignee: actor.username,
            allowOverride: false,
          })
          .catch((err: unknown) => conflictFrom(err, '认领失败'));
      }
      return {
        result: null,
        audit: {
          action: task.assignee ? 'task.claim-repeated' : 'task.claimed',
          caseId: c.id,
          summary: { userTaskKey: params.key, elementId: task.elementId, step: task.name },
        },
      };
    });
    return detail(ctx, params.key, (t) => t.assignee === actor.username);
  },
});

const release = defineRoute({
  method: 'delete',
  path: '/api/tasks/:key/assignment',
  summary: '退回组待办（只能退回本人认领的任务）',
  tag: '待办',
  roles: TASK_ROLES,
  access: taskResource,
  params: KeyParams,
  response: { description: '退回后的任务', schema: TaskDetail },
  problems: { 409: '任务不由本人办理或已办结', 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, params, write }) => {
    const { task, case: c } = await taskWithCase(ctx, params.key);
    openTask(task);
    if (task.assignee !== actor.username) {
      throw new Problem(
        409,
        '无法退回',
        task.assignee ? '该任务由他人办理，只能退回本人认领的任务' : '该任务尚未被认领',
      );
    }
    await write(async () => {
      await engineOf(ctx)
        .unassignUserTask({ userTaskKey: params.key as never })
        .catch((err: unknown) => conflictFrom(err, '退回失败'));
      return {
        result: null,
        audit: {
          action: 'task.released',
          caseId: c.id,
          summary: { userTaskKey: params.key, elementId: task.elementId, step: task.name },
        },
      };
    });
    return detail(ctx, params.key, (t) => !t.assignee);
  },
});

const complete = defineRoute({
  method: 'post',
  path: '/api/tasks/:key/completion',
  summary: '提交办理表单并办结该步骤（表单按步骤校验，逐字段说明错误）',
  tag: '待办',
  roles: TASK_ROLES,
  access: taskResource,
  params: KeyParams,
  body: z.strictObject({ form: z.record(z.string(), z.unknown()) }),
  response: {
    description: '已办结；nextSteps 为流程随后等待的人工步骤',
    schema: z.object({ caseId: z.uuid(), nextSteps: z.array(z.string()) }).openapi('TaskCompleted'),
  },
  problems: { 409: '任务已被他人认领或已办结', 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, params, body, write }) => {
    const { task, case: c } = await taskWithCase(ctx, params.key);
    openTask(task);
    if (task.assignee && task.assignee !== actor.username) {
      throw new Problem(409, '任务已被认领', '该任务由他人办理中，请先由其退回组待办');
    }
    const vars = await variablesOf(ctx, task.processInstanceKey);
    const { variables, record } = await completionOf({ ctx, actor, task, case: c, vars, form: body.form });
    const engine = engineOf(ctx);
    // Committed before the engine hears of the completion: the workers it wakes at once (the
    // generate-document worker prints the step's record, e.g. the 审核确认 opinion and its signer)
    // must read it. Should the engine refuse, the record stays as the form submitted last.
    await ctx.db.$transaction(async (tx) => {
      // One statement merges the step's record into case.data, so job workers writing their own
      // keys (case.data.jobs) at the same time lose nothing.
      const entry = { ...record, completedBy: actor.id, completedAt: new Date().toISOString() };
      await tx.$executeRaw`
        UPDATE "case"
        SET data = data || jsonb_build_object('steps', coalesce(data->'steps', '{}'::jsonb)
                 || jsonb_build_object(${task.elementId}::text, ${JSON.stringify(entry)}::jsonb)),
            updated_at = now()
        WHERE id = ${c.id}::uuid`;
      // What the form collected for the documents that follow, under each template's name.
      for (const [template, fields] of Object.entries(
        documentDataOf(formKeyOf(task), record, variables, {
          name: actor.displayName,
          date: chinaDate(new Date()),
        }),
      )) {
        await tx.$executeRaw`
          UPDATE "case"
          SET data = data || jsonb_build_object(${template}::text,
                   coalesce(data->${template}::text, '{}'::jsonb) || ${JSON.stringify(fields)}::jsonb)
          WHERE id = ${c.id}::uuid`;
      }
      await tx.case.updateMany({ where: { id: c.id, status: 'applied' }, data: { status: 'in_progress' } });
      if (formKeyOf(task) === 'accept' && variables.materialsComplete === true) {
        await tx.case.update({ where: { id: c.id }, data: { acceptedAt: new Date() } });
      }
    });
    await write(async (tx) => {
      // The completer is recorded as the task's assignee (the 一事一议 sign-off rule reads it).
      if (!task.assignee) {
        await engine
          .assignUserTask({
            userTaskKey: params.key as never,
            assignee: actor.username,
            allowOverride: false,
          })
          .catch((err: unknown) => conflictFrom(err, '办理失败'));
      }
      await engine
        .completeUserTask({ userTaskKey: params.key as never, variables })
        .catch((err: unknown) => conflictFrom(err, '办理失败'));
      if (formKeyOf(task) === 'refusal-notice') {
        // The one way to the models' `end-refused`: the 不予确认通知书 with its reasons delivered
        // through the street (57号 §21), whoever refused (district, or linshi's street review).
        await tx.$executeRaw`
          UPDATE "case" SET status = 'refused', decided_at = coalesce(decided_at, now()), updated_at = now()
          WHERE id = ${c.id}::uuid AND status IN ('applied', 'in_progress')`;
      }
      return {
        result: null,
        audit: {
          action: 'task.completed',
          caseId: c.id,
          summary: {
            userTaskKey: params.key,
            elementId: task.elementId,
            step: task.name,
            variables: Object.keys(variables).sort(),
          },
        },
      };
    });
    await findTask(ctx, params.key, (t) => t.state !== 'CREATED');
    const next = await searchTasks(
      ctx,
      { processInstanceKey: task.processInstanceKey, state: 'CREATED' },
      200,
    );
    return { caseId: c.id, nextSteps: [...new Set(next.map((t) => t.name))] };
  },
});

export const taskRoutes = [list, get, claim, release, complete];
