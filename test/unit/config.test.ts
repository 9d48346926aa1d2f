import { loadConfig } from '../../server/config';

describe('config: every setting from the environment, parsed once', () => {
  it('works out of the box with Chongqing defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.database.embedded.dir).toMatch(/data\/postgres$/);
    expect(c.engine.kind).toBe('embedded');
    expect(c.dibao).toEqual({
      communityAssessment: true,
      decisionDelegated: false,
      deadlineWorkingDays: 25,
      deadlineExtendedWorkingDays: 40,
      startMonth: 'same',
    });
  });

  it('parses booleans and numbers from strings', () => {
    const c = loadConfig({ DIBAO_COMMUNITY_ASSESSMENT: 'false', PORT: '8080', DIBAO_START_MONTH: 'next' });
    expect(c.dibao.communityAssessment).toBe(false);
    expect(c.port).toBe(8080);
    expect(c.dibao.startMonth).toBe('next');
  });

  it('rejects bad values with a zh-CN message naming every variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', DEMO_PASSWORD: 'short' })).toThrow(
      /配置错误[\s\S]*PORT[\s\S]*DATABASE_URL[\s\S]*DEMO_PASSWORD/,
    );
  });

  it('never seeds demo users in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo.seed).toBe(false);
  });
});
