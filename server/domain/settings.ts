/**
 * The settings the rules depend on: items DOMAIN.md marks **configurable**, with Chongqing defaults.
 * They are read from the environment once (server/config.ts) and handed to the pure functions here,
 * so the domain never reads the environment itself.
 */
import type { Config } from '../config';

export type Rounding = 'half-up' | 'up' | 'down';

export interface DomainSettings {
  dibao: {
    /** 群众评议 step (条例 §18; national rules only on dispute). */
    communityAssessment: boolean;
    /** 审核确认 delegated to the 街道 (57号 §2, §20). */
    decisionDelegated: boolean;
    /** Whole-case deadline from acceptance: Chongqing 25 (national 30; delegated 20). */
    deadlineWorkingDays: number;
    /** Extended deadline for a stated special reason: Chongqing 40 (national 45). */
    deadlineExtendedWorkingDays: number;
    /** First paid month: 条例 "the month of approval" (same) or national "the next month" (next). */
    startMonth: 'same' | 'next';
    property: PropertyLimits;
  };
  /** 补差 is rounded to the yuan as the district does. */
  amountRounding: Rounding;
  /** Days to decide 受理 or 一次性告知 (no 低保 rule; 行政许可法 §32 and §82 by analogy). */
  acceptanceWorkingDays: number;
  tekun: {
    /** Share of 特困 files the district spot-checks: at least 30 % (43号). */
    spotCheckRate: number;
  };
  linshi: {
    /** 急难型 先行救助 cap in months of the local 低保标准 (2026 national rule: 1). */
    urgentCapMonths: number;
    /** Days after 先行救助 to complete the papers (no published rule). */
    urgentSupplementWorkingDays: number;
  };
}

/** 低保 property limits (DOMAIN.md: configurable; current Chongqing values unpublished). */
export interface PropertyLimits {
  /** Per-capita financial assets (deposits, securities…) at most this many months of the standard. */
  maxFinancialAssetsMonths: number;
  /** Motor vehicles the household may own (mobility vehicles for the disabled not counted). */
  maxMotorVehicles: number;
  /** Dwellings the household may own. */
  maxHouses: number;
}

export const DEFAULT_SETTINGS: DomainSettings = {
  dibao: {
    communityAssessment: true,
    decisionDelegated: false,
    deadlineWorkingDays: 25,
    deadlineExtendedWorkingDays: 40,
    startMonth: 'same',
    property: { maxFinancialAssetsMonths: 24, maxMotorVehicles: 0, maxHouses: 1 },
  },
  amountRounding: 'half-up',
  acceptanceWorkingDays: 5,
  tekun: { spotCheckRate: 0.3 },
  linshi: { urgentCapMonths: 1, urgentSupplementWorkingDays: 10 },
};

export function domainSettings(config: Config): DomainSettings {
  return {
    dibao: { ...config.dibao, property: config.dibaoProperty },
    amountRounding: config.amountRounding,
    acceptanceWorkingDays: config.acceptanceWorkingDays,
    tekun: { spotCheckRate: config.tekun.spotCheckRate },
    linshi: config.linshi,
  };
}
