/**
 * Completing a step: the form is validated with the very zod schema the UI validates it with
 * (ui/src/forms, pure modules), then turned into the variables of workflows/README.md "User tasks"
 * plus the record kept in the case file. Rules that need more than the form — who may sign, the
 * amount caps held in process variables — are checked here, before anything reaches the engine.
 */
import type { AppContext } from '../../app';
import type { Actor } from '../../auth/session';
import { chinaDate } from '../../domain/dates';
import { STEP_FORMS } from '../../../ui/src/forms';
import { MATERIALS, type MaterialKind } from '../cases/materials-catalogue';
import { Problem, badRequest, forbidden } from '../problem';
import { fieldErrors } from '../zod';
import { searchTasks, type EngineTask } from './engine';
import type { TaskCase } from './inbox';

export interface Completion {
  /** Process variables set by the completion (workflows/README.md). */
  variables: Record<string, unknown>;
  /** The form as submitted, kept in the case file under the step. */
  record: Record<string, unknown>;
}

export interface CompletionInput {
  ctx: AppContext;
  actor: Actor;
  task: EngineTask;
  case: TaskCase;
  /** Current process variables of the task's instance. */
  vars: Record<string, unknown>;
  form: unknown;
}

type F = Record<string, unknown>;

const fieldError = (field: string, message: string) =>
  badRequest('表单填写有误', [{ field: `form.${field}`, message }]);

/** The step's form key: the task's form reference, else its element id without the process prefix. */
export function formKeyOf(task: Pick<EngineTask, 'formKey' | 'elementId'>): string {
  return task.formKey ?? task.elementId.replace(/^(dibao|tekun|linshi|yishiyiyi)-/, '');
}

export function formOf(task: Pick<EngineTask, 'formKey' | 'elementId'>) {
  return STEP_FORMS[formKeyOf(task)];
}

/** Kinds of the case's materials checklist not yet received. */
export async function missingMaterials(input: { ctx: AppContext; case: { id: string } }): Promise<string[]> {
  const rows = await input.ctx.db.caseMaterial.findMany({
    where: { caseId: input.case.id, received: false },
    select: { kind: true },
    orderBy: { kind: 'asc' },
  });
  return rows.map((r) => r.kind);
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The first two investigators named must be this street's investigators; the actor one of them. */
async function resolveInvestigators(input: CompletionInput, names: string[]): Promise<[string, string]> {
  const users = await input.ctx.db.user.findMany({
    where: {
      role: 'street_investigator',
      streetCode: input.case.streetCode,
      active: true,
      displayName: { in: names.slice(0, 2) },
    },
    select: { id: true, displayName: true },
  });
  const ids = names.slice(0, 2).map((n, i) => {
    const found = users.filter((u) => u.displayName === n);
    if (found.length !== 1) {
      throw fieldError(
        `investigators.${i}`,
        found.length
          ? `本街道有多名调查员叫“${n}”，请联系管理员区分姓名`
          : `“${n}”不是本街道调查员的账号姓名`,
      );
    }
    return found[0]!.id;
  });
  if (!ids.includes(input.actor.id)) {
    throw fieldError('investigators', '办理人须是前两名入户调查人员之一（57号 §16）');
  }
  const other = ids[0] === input.actor.id ? ids[1]! : ids[0]!;
  // 57号 §16: two different staff; the other one signs with their own account.
  return [input.actor.id, other];
}

/** 一事一议: 经办人, 科室负责人 and 负责人 are three different users (DOMAIN.md). */
async function refuseRepeatSigner(input: CompletionInput): Promise<void> {
  const signed = await searchTasks(input.ctx, {
    processInstanceKey: input.task.processInstanceKey,
    state: 'COMPLETED',
    assignee: input.actor.username,
  });
  const other = signed.find(
    (t) => /^yishiyiyi-signoff-/.test(t.elementId) && t.elementId !== input.task.elementId,
  );
  if (other) {
    throw forbidden(`您已在本次一事一议中签署“${other.name}”，三个签署环节须由三名不同人员以本人账号办理`);
  }
}

export async function completionOf(input: CompletionInput): Promise<Completion> {
  const form = formOf(input.task);
  if (!form) {
    throw new Problem(409, '无法办理', `步骤“${input.task.name}”没有对应的办理表单，请联系管理员`);
  }
  const parsed = form.schema.safeParse(input.form);
  if (!parsed.success) throw badRequest(`“${form.title}”填写有误`, fieldErrors(parsed.error, 'form'));
  const f: F = parsed.data;
  const process = input.task.bpmnProcessId;
  const today = chinaDate(new Date());
  const variables = await variablesFor(form.key, process, f, input, today);
  return { variables, record: f };
}

async function variablesFor(
  key: string,
  process: string,
  f: F,
  input: CompletionInput,
  today: string,
): Promise<Record<string, unknown>> {
  const { vars } = input;
  switch (key) {
    case 'accept': {
      const complete = f.materialsComplete === true;
      const missing = await missingMaterials(input);
      const labels = (kinds: string[]) => kinds.map((k) => MATERIALS[k as MaterialKind] ?? k).join('、');
      if (complete && missing.length) {
        throw fieldError(
          'materialsComplete',
          `材料清单尚缺 ${missing.length} 项（${labels(missing)}），请先在材料清单中登记收到，或选择“不齐全”一次性告知`,
        );
      }
      // 57号 §10: every missing item at once — the notice may not leave out one the checklist lacks.
      const unlisted = complete ? [] : missing.filter((k) => !(f.missingMaterials as string[]).includes(k));
      if (unlisted.length) {
        throw fieldError('missingMaterials', `一次性告知须列出全部缺少的材料，还缺：${labels(unlisted)}`);
      }
      return {
        materialsComplete: complete,
        missingMaterials: complete ? [] : (f.missingMaterials as string[]),
        ...(complete ? { acceptedOn: today } : {}),
      };
    }
    case 'home-visit': {
      const investigators = await resolveInvestigators(input, f.investigators as string[]);
      return {
        homeVisit: {
          visitedOn: f.visitDate,
          investigators,
          familySigned: f.familySigned === true,
          findings: f.livingConditions,
        },
      };
    }
    case 'home-visit-cosign': {
      const visit = vars.homeVisit as { investigators?: unknown[] } | undefined;
      const second = visit?.investigators?.[1];
      // 57号 §16: the second investigator confirms the record with their own account.
      if (second !== input.actor.id) {
        throw forbidden('只有入户调查记录中的第二名调查员本人可以复核签字');
      }
      return { homeVisitCosigned: true };
    }
    case 'neighbour-visit':
      return { neighbourVisit: { visitedOn: f.visitDate, neighbours: f.interviewees, findings: f.summary } };
    case 'verification':
      return { verification: { reportNo: f.reportNo, completedOn: today, findings: f.findings } };
    case 'community-assessment':
      return {
        assessmentRecord: {
          heldOn: f.assessedOn,
          participants: f.participants,
          result: f.result,
          minutes: f.record,
        },
      };
    case 'initial-review': {
      if (process !== 'dibao' && f.initialOpinion === 'recheck') {
        throw fieldError('initialOpinion', '核对异议复查只适用于低保（57号 §18）');
      }
      const text =
        f.initialOpinion === 'eligible'
          ? `符合条件，拟保障 ${String(f.proposedAmount)} 元/月`
          : String(f.reasons);
      return {
        initialOpinion: f.initialOpinion,
        initialOpinionText: text,
        ...(f.deadlineExtended === true
          ? { deadlineExtended: true, extensionReason: f.extensionReason }
          : {}),
      };
    }
    case 'verification-recheck':
      return { recheck: { findings: f.findings } };
    case 'reinvestigation':
      return {
        reinvestigation: { findings: f.findings, objectionUpheld: f.objectionUpheld },
        // 条例 §18: the next 公示 after an objection is the 3-day 再公示.
        ...(process === 'dibao' ? { objectionRaised: true } : {}),
      };
    case 'district-home-visit':
      return {
        districtVisit: { visitedOn: f.visitDate, visitors: f.investigators, findings: f.livingConditions },
      };
    case 'decision': {
      const grant = f.decision === 'grant';
      if (process === 'linshi') {
        const ceiling = num(vars.panelAmount) ?? num(vars.bandCeiling);
        if (grant && ceiling !== null && (f.amount as number) > ceiling) {
          throw fieldError(
            'amount',
            `救助金额不能超过${num(vars.panelAmount) !== null ? '一事一议议定金额' : '分档上限'} ${ceiling} 元`,
          );
        }
        return {
          approved: grant,
          ...(grant ? { approvedAmount: f.amount } : {}),
          decisionReasons: grant ? (f.opinion ?? '同意') : f.reasons,
        };
      }
      // 57号 §21: a refusal states its reasons.
      return {
        decision: f.decision,
        ...(grant ? { approvedAmount: f.amount } : {}),
        decisionReasons: grant ? (f.opinion ?? '') : f.reasons,
      };
    }
    case 'refusal-notice': {
      const method = { direct: 'in-person', post: 'post', left: 'other' }[f.method as string];
      return { refusalDeliveredOn: f.deliveredOn, deliveryMethod: method };
    }
    case 'overdue-supervision':
      return { supervision: { note: f.cause, actionTaken: f.measures } };
    case 'self-care-assessment':
      return { selfCare: f.selfCare };
    case 'urgent-approval': {
      const cap = num(vars.urgentCap);
      // 先行救助 is capped (LINSHI_URGENT_CAP_MONTHS × 低保标准).
      if (f.approved === true && cap !== null && (f.amount as number) > cap) {
        throw fieldError('amount', `先行救助金额不能超过 ${cap} 元`);
      }
      return {
        approved: f.approved,
        ...(f.approved === true ? { approvedAmount: f.amount } : {}),
        decisionReasons: f.reasons,
      };
    }
    case 'urgent-supplement': {
      const further = f.furtherAssistanceNeeded === true;
      const remaining = num(vars.remainingNeed);
      return {
        papersComplete: true,
        furtherAssistanceNeeded: further,
        ...(further && remaining !== null ? { requestedAmount: remaining } : {}),
      };
    }
    case 'street-review':
      return { streetOpinion: f.streetOpinion, streetOpinionText: f.reasons };
    case 'meeting':
      return {
        meeting: { date: f.meetingDate, chair: f.chair, attendees: f.attendees, opinions: f.opinions },
        panelAmount: f.decidedAmount,
        panelReasons: f.reasons,
      };
    case 'signoff-clerk':
    case 'signoff-section':
    case 'signoff-head': {
      await refuseRepeatSigner(input);
      const v = { 'signoff-clerk': 'clerk', 'signoff-section': 'section', 'signoff-head': 'head' }[key];
      return { [`${v}Approved`]: f[`${v}Approved`], [`${v}Opinion`]: f.opinion ?? '' };
    }
    default:
      throw new Problem(409, '无法办理', `步骤“${input.task.name}”的表单“${key}”尚未接入办理接口`);
  }
}
