/** Cases: register an application, search, export (masked CSV) and the detail with timeline. */
import type { AppContext } from '../../app';
import { CASE_READERS, CASE_REGISTRARS, SUPERVISORS } from '../../auth/roles';
import { Problem, notFound } from '../problem';
import { defineRoute } from '../route';
import { IdParams, pageOf } from '../schemas';
import { z } from '../zod';
import { caseDetail } from './detail';
import { ApplicationInput, CaseDetail, CaseFilters, CaseListItem, CaseSearchQuery } from './schemas';
import { searchCases } from './search';
import { startCaseWorkflow } from './start';
import { caseWhere, listInclude, listItem, registerWithEvent } from './store';

export const caseResource = {
  kind: 'resource' as const,
  name: '案件',
  load: (ctx: AppContext, p: { id: string }) =>
    ctx.db.case.findUnique({ where: { id: p.id }, select: { districtCode: true, streetCode: true } }),
};

const createCase = defineRoute({
  method: 'post',
  path: '/api/cases',
  summary: '登记申请（家庭、成员、委托手续、已收材料）；流程引擎接入后同时启动审批流程',
  tag: '案件',
  roles: CASE_REGISTRARS,
  access: { kind: 'scoped' },
  body: ApplicationInput,
  response: { status: 201, description: '已登记', schema: CaseDetail },
  problems: { 409: '该家庭已有未办结的同类申请' },
  handler: async ({ ctx, actor, scope, body, write }) => {
    if (!actor.streetCode) throw new Problem(403, '禁止访问', '只有街道经办人可以登记申请');
    const street = actor.streetCode;
    const reg = await write((tx) =>
      registerWithEvent(tx, body, { districtCode: actor.districtCode, streetCode: street, userId: actor.id }),
    );
    if (ctx.workflow)
      await startCaseWorkflow(
        ctx,
        {
          id: reg.id,
          caseNo: reg.caseNo,
          type: body.type,
          districtCode: actor.districtCode,
          streetCode: street,
          staffRelative: reg.staffRelative,
          linshiKind: body.linshiKind ?? null,
        },
        actor,
      );
    const detail = await caseDetail(ctx, scope, reg.id);
    if (!detail) throw notFound();
    return detail;
  },
});

const searchCasesRoute = defineRoute({
  method: 'get',
  path: '/api/cases',
  summary: '查询案件（类型、状态、街道、申请人姓名、身份证号精确匹配、是否超期；分页；身份证号已遮蔽）',
  tag: '案件',
  roles: CASE_READERS,
  access: { kind: 'scoped' },
  query: CaseSearchQuery,
  response: { description: '案件列表', schema: pageOf(CaseListItem) },
  handler: async ({ ctx, scope, query }) => {
    const { page, pageSize, ...filters } = query;
    return searchCases(ctx.db, scope, filters, page, pageSize);
  },
});

const EXPORT_LIMIT = 10_000;
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

const exportCases = defineRoute({
  method: 'get',
  path: '/api/cases/export',
  summary: '导出案件列表为 CSV（同查询条件，身份证号已遮蔽，最多 10000 行）',
  tag: '案件',
  roles: SUPERVISORS,
  access: { kind: 'scoped' },
  query: z.strictObject(CaseFilters),
  response: { description: 'CSV（UTF-8 带 BOM）', csv: true },
  handler: async ({ ctx, scope, query, res }) => {
    const rows = await ctx.db.case.findMany({
      where: caseWhere(scope, query),
      include: listInclude,
      orderBy: [{ appliedAt: 'desc' }],
      take: EXPORT_LIMIT,
    });
    const header = [
      '案件编号',
      '类型',
      '状态',
      '当前步骤',
      '街道',
      '申请人',
      '身份证号',
      '家庭人数',
      '超期',
      '金额',
      '申请时间',
    ];
    const lines = rows
      .map(listItem)
      .map((c) =>
        [
          c.caseNo,
          c.typeLabel,
          c.statusLabel,
          c.currentStep,
          c.streetName,
          c.applicantName,
          c.applicantIdNumber,
          c.householdSize,
          c.overdue ? '是' : '否',
          c.amount,
          c.appliedAt,
        ]
          .map(csvCell)
          .join(','),
      );
    res.setHeader('Content-Disposition', 'attachment; filename="cases.csv"');
    return `\uFEFF${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`;
  },
});

const getCase = defineRoute({
  method: 'get',
  path: '/api/cases/:id',
  summary: '案件详情：家庭成员、申请信息、材料情况、流程状态与时间线',
  tag: '案件',
  roles: CASE_READERS,
  access: caseResource,
  params: IdParams,
  response: { description: '案件详情', schema: CaseDetail },
  handler: async ({ ctx, scope, params }) => {
    const detail = await caseDetail(ctx, scope, params.id);
    if (!detail) throw notFound('案件不存在，或不在您的辖区内');
    return detail;
  },
});

// The export route is listed before /:id so that Express does not read "export" as an id.
export const caseRoutes = [createCase, searchCasesRoute, exportCases, getCase];
