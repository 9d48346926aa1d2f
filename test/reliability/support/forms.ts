/**
 * What each person enters in a step's form (ui/src/forms, validated by the server with the same
 * schemas) on the 低保 path to a grant, and who does it. Dates are today's; amounts come from what
 * the task already knows (its `formValues`: the computed amount) where the step asks for one.
 */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** The demo user (server/db/seed-demo.ts) who works each step of 双龙湖街道's cases. */
export const WORKER: Record<string, string> = {
  accept: 'slh-clerk',
  'home-visit': 'slh-inv1',
  'home-visit-cosign': 'slh-inv2',
  'neighbour-visit': 'slh-inv1',
  verification: 'yb-verifier',
  'community-assessment': 'slh-reviewer',
  'initial-review': 'slh-reviewer',
  decision: 'yb-official',
  'district-home-visit': 'yb-official',
  'overdue-supervision': 'yb-official',
  'refusal-notice': 'slh-clerk',
};

const amountOf = (values: Record<string, unknown>, ...names: string[]) => {
  for (const n of names) if (typeof values[n] === 'number' && (values[n] as number) > 0) return values[n];
  return 300;
};

export function formFor(formKey: string, values: Record<string, unknown>): Record<string, unknown> {
  const d = today();
  switch (formKey) {
    case 'accept':
      return { materialsComplete: true, missingMaterials: [], opinion: '材料齐全，予以受理' };
    case 'home-visit':
      return {
        visitDate: d,
        investigators: ['双龙湖街道调查员甲', '双龙湖街道调查员乙'],
        livingConditions: '租住公房，无机动车，户主失业',
        assessedMonthlyIncome: 300,
        familySigned: true,
        opinion: '情况属实',
      };
    case 'home-visit-cosign':
      return { confirmed: true };
    case 'neighbour-visit':
      return { visitDate: d, interviewees: ['邻居王某'], summary: '家庭困难属实' };
    case 'verification':
      return { reportNo: 'HD-2026-001', consistent: true, assessedMonthlyIncome: 300, findings: '无车无房' };
    case 'community-assessment':
      return { assessedOn: d, participants: 7, result: 'agree', record: '一致同意' };
    case 'initial-review':
      return {
        initialOpinion: 'eligible',
        proposedAmount: amountOf(values, 'proposedAmount', 'amount'),
        deadlineExtended: false,
      };
    case 'decision':
      return {
        decision: 'grant',
        amount: amountOf(values, 'amount', 'proposedAmount'),
        startMonth: d.slice(0, 7),
        opinion: '同意',
      };
    case 'district-home-visit':
      return {
        visitDate: d,
        investigators: ['区民政局甲', '区民政局乙'],
        livingConditions: '情况属实',
        assessedMonthlyIncome: 300,
        familySigned: true,
      };
    case 'overdue-supervision':
      return { cause: '办理超期', measures: '已督促办理' };
    default:
      throw new Error(`no scripted form for step ${formKey}`);
  }
}
