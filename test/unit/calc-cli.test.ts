import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { calculate, parseCalculationInput } from '../../server/domain/calculation';
import { PUBLISHED_STANDARDS } from '../../server/domain/standards';
import { ROOT } from '../../server/paths';

const FIXTURE = path.join(ROOT, 'test/fixtures/household-dibao.json');

/** Runs `npm run --silent calc -- …` as a clerk would, without a database (built-in standards). */
async function calc(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _db, NODE_OPTIONS: _n, ...rest } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'calc', '--', ...args], {
      cwd: ROOT,
      env: { ...rest, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run calc (trial calculation from the command line)', () => {
  it('prints the same JSON as calculate(), saying where the standards came from', async () => {
    const r = await calc(['--file', FIXTURE]);
    expect(r.code).toBe(0);
    const parsed = parseCalculationInput(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    if (!parsed.ok) throw new Error('fixture invalid');
    expect(JSON.parse(r.stdout)).toEqual(
      calculate(parsed.input, PUBLISHED_STANDARDS, { amountRounding: 'half-up' }),
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      eligible: true,
      standard: 770,
      baseAmount: 1580,
      total: 1780,
    }); // 40 + 60 (70 in March) + 100
    expect(r.stderr).toContain('标准来源：内置的重庆市公布标准表');
  });

  it('honours AMOUNT_ROUNDING', async () => {
    const r = await calc(['--file', FIXTURE], { AMOUNT_ROUNDING: 'down' });
    expect(JSON.parse(r.stdout).baseAmount).toBe(1579);
  });

  it('exits with 2 and a zh-CN message per field on bad input', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calc-'));
    const file = path.join(dir, 'bad.json');
    const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    bad.month = '2026-13';
    bad.members[1].idNumber = '500112198202140025';
    writeFileSync(file, JSON.stringify(bad));
    const r = await calc(['--file', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('month：试算月份应为 YYYY-MM，例如 2026-03');
    expect(r.stderr).toContain('members.1.idNumber：身份证号校验位不正确');
  });

  it('exits with 2 when the file is missing or not JSON, or no file is given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calc-'));
    writeFileSync(path.join(dir, 'x.json'), '{ not json');
    expect(await calc(['--file', path.join(dir, 'nope.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('无法读取文件'),
    });
    expect(await calc(['--file', path.join(dir, 'x.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('不是合法的 JSON'),
    });
    expect(await calc([])).toMatchObject({ code: 2, stderr: expect.stringContaining('用法') });
  });
});
