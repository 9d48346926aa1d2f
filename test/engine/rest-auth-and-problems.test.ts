/** The engine's HTTP face: basic auth, loopback binding, problem+json errors like Camunda's. */
import { startTestEngine, type TestEngine } from '../helpers/engine';

describe('REST surface', () => {
  let t: TestEngine;
  let auth: string;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.engine.address}/v2${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: auth, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  beforeAll(async () => {
    t = await startTestEngine('eng_rest');
    auth = `Basic ${Buffer.from(`test:${t.clientConfig.CAMUNDA_BASIC_AUTH_PASSWORD}`).toString('base64')}`;
  });
  afterAll(() => t.close());

  it('binds to 127.0.0.1 by default', () => {
    expect(t.engine.host).toBe('127.0.0.1');
    expect(t.engine.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses requests without the right credentials', async () => {
    const none = await fetch(`${t.engine.address}/v2/topology`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await call('GET', '/topology', undefined, {
      authorization: `Basic ${Buffer.from('test:nope').toString('base64')}`,
    });
    expect(wrong.status).toBe(401);
    expect((await call('GET', '/topology')).status).toBe(200);
  });

  it('answers with RFC 9457 problems', async () => {
    const missing = await call('POST', '/jobs/2251799813999999/completion', {});
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      type: 'about:blank',
      title: 'NOT_FOUND',
      status: 404,
      instance: '/v2/jobs/2251799813999999/completion',
    });
    const invalid = await call('POST', '/process-instances', { variables: {} });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).detail).toContain('processDefinitionId');
    const badJson = await call('POST', '/process-instances', '{"oops":');
    expect(badJson.status).toBe(400);
    const badKey = await call('GET', '/process-instances/abc');
    expect(badKey.status).toBe(400);
    const unknown = await call('GET', '/decision-definitions/1');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).detail).toContain('does not serve');
    const unsupportedFilter = await call('POST', '/user-tasks/search', { filter: { noSuchField: 1 } });
    expect(unsupportedFilter.status).toBe(400);
  });

  it('reports status and topology through the official client', async () => {
    await t.api.getStatus();
    const topo = await t.api.getTopology();
    expect(topo).toMatchObject({ clusterSize: 1, partitionsCount: 1, gatewayVersion: '8.8.0' });
  });

  it('pins and resets the clock', async () => {
    await t.api.pinClock({ timestamp: Date.parse('2030-06-01T00:00:00Z') });
    expect(t.engine.clock.now()).toBe(Date.parse('2030-06-01T00:00:00Z'));
    await t.api.resetClock();
    expect(Math.abs(t.engine.clock.now() - Date.now())).toBeLessThan(5_000);
  });
});
