/**
 * Where the workflow engine plugs into the API (issue "engine" / "workflow"). Nothing here is
 * faked: without an implementation a registered case stays `applied` and its detail says the
 * workflow is not connected.
 *
 * Later routers (inbox, documents/archive, calculations, standards/bands, disbursement) join the
 * registry in `registry.ts`; the matrix test in test/api fails until their access expectations
 * are added there too.
 */

/** What the workflow needs to start the process of a newly registered case. */
export interface CaseToStart {
  id: string;
  caseNo: string;
  type: 'dibao' | 'tekun' | 'linshi';
  districtCode: string;
  streetCode: string;
  staffRelative: boolean;
  linshiKind: 'emergency' | 'expense' | null;
}

export interface CaseWorkflow {
  /** Starts the BPMN process of the case; returns the engine's process instance key. */
  startCase(c: CaseToStart): Promise<{ processInstanceKey: string; currentStep?: string }>;
}

/** Where the disbursement process plugs in (issue 7): a run's process and its approval task. */
export interface DisbursementWorkflow {
  /** Starts the run's `disbursement` process unless it has one; returns its instance key. */
  startRun(runId: string): Promise<string>;
  /** Completes the run's open `disbursement-approval` user task with the district's decision. */
  completeApproval(
    runId: string,
    decision: { runApproved: boolean; approvalOpinion: string; approvedById: string },
  ): Promise<void>;
}
