/**
 * How the disbursement page shows a run's status (prisma RunStatus: pending → computing → computed
 * → awaiting_approval → approved → paid). Labels are the server's `statusLabel`; this only picks
 * the tag and progress-bar colours and says which states still move on their own (polled).
 */
import type { RunStatus } from '../api';

export const RUN_STATUSES = [
  'pending',
  'computing',
  'computed',
  'awaiting_approval',
  'approved',
  'paid',
] as const satisfies readonly RunStatus[];

type TagType = 'info' | 'primary' | 'warning' | 'success';

const TAG: Record<RunStatus, TagType> = {
  pending: 'info',
  computing: 'primary',
  computed: 'primary',
  awaiting_approval: 'warning',
  approved: 'success',
  paid: 'success',
};

export const statusTag = (s: RunStatus): TagType => TAG[s];

/** The system computes, writes the bank file and the rosters by itself in these states. */
export const isWorking = (s: RunStatus) => s === 'pending' || s === 'computing' || s === 'computed';

/** Progress-bar colour: Element Plus blue while working, amber awaiting approval, green when done. */
export function progressColour(s: RunStatus): string {
  if (isWorking(s)) return '#409eff';
  return s === 'awaiting_approval' ? '#e6a23c' : '#67c23a';
}

/** Percent shown: the computation's own percent while computing, 100 once computed. */
export function progressPercent(r: { status: RunStatus; progress: { percent: number } }): number {
  if (r.status === 'pending') return 0;
  if (r.status === 'computing') return Math.min(100, Math.max(0, r.progress.percent));
  return 100;
}

/** The line under the bar: what the system is doing, with done/total while computing. */
export function progressText(r: { status: RunStatus; progress: { done: number; total: number } }): string {
  switch (r.status) {
    case 'pending':
      return '等待计算';
    case 'computing':
      return `正在计算：已完成 ${r.progress.done} / ${r.progress.total} 名发放对象`;
    case 'computed':
      return `计算完成（${r.progress.total} 名），正在生成银行代发文件和花名册`;
    case 'awaiting_approval':
      return '待区县科室负责人或负责人审批（发起人不能审批本批次）';
    case 'approved':
      return '已审批，待标记发放';
    case 'paid':
      return '已发放';
  }
}
