import { loadConfig } from '../../server/config';
import { DEFAULT_SETTINGS, domainSettings } from '../../server/domain/settings';

describe('the configurable rules reach the domain with their Chongqing defaults', () => {
  it('defaults match DEFAULT_SETTINGS', () => {
    expect(domainSettings(loadConfig({}))).toEqual(DEFAULT_SETTINGS);
  });

  it('reads every domain setting from the environment', () => {
    const s = domainSettings(
      loadConfig({
        DIBAO_DECISION_DELEGATED: 'true',
        DIBAO_DEADLINE_WORKING_DAYS: '20',
        DIBAO_START_MONTH: 'next',
        AMOUNT_ROUNDING: 'up',
        DIBAO_MAX_FINANCIAL_ASSETS_MONTHS: '36',
        DIBAO_MAX_MOTOR_VEHICLES: '1',
        DIBAO_MAX_HOUSES: '2',
        ACCEPTANCE_WORKING_DAYS: '3',
        TEKUN_SPOT_CHECK_RATE: '0.5',
        LINSHI_URGENT_CAP_MONTHS: '0.5',
        LINSHI_SUPPLEMENT_WORKING_DAYS: '15',
      }),
    );
    expect(s).toEqual({
      dibao: {
        communityAssessment: true,
        decisionDelegated: true,
        deadlineWorkingDays: 20,
        deadlineExtendedWorkingDays: 40,
        startMonth: 'next',
        property: { maxFinancialAssetsMonths: 36, maxMotorVehicles: 1, maxHouses: 2 },
      },
      amountRounding: 'up',
      acceptanceWorkingDays: 3,
      tekun: { spotCheckRate: 0.5 },
      linshi: { urgentCapMonths: 0.5, urgentSupplementWorkingDays: 15 },
    });
  });

  it('refuses a spot-check rate below the 30 % of 43号, in zh-CN', () => {
    expect(() => loadConfig({ TEKUN_SPOT_CHECK_RATE: '0.2' })).toThrow(/TEKUN_SPOT_CHECK_RATE 不得低于 0.3/);
  });
});
