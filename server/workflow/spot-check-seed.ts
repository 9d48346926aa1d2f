/**
 * The secret of the 特困 spot-check draw (server/domain/spot-check.ts): TEKUN_SPOT_CHECK_SEED, or
 * one generated once and kept in DATA_DIR/spot-check.seed (mode 600) — out of the streets' reach,
 * so nobody can tell in advance which case will be checked. Every decision is stored with the case, so a lost seed changes no
 * decision already made.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

export async function spotCheckSeed(config: Pick<Config, 'dataDir' | 'tekun'>): Promise<string> {
  if (config.tekun.spotCheckSeed) return config.tekun.spotCheckSeed;
  const dataDir = config.dataDir;
  const file = path.join(dataDir, 'spot-check.seed');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing.length >= 16) {
    await chmod(file, 0o600);
    return existing;
  }
  const seed = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${seed}\n`, { mode: 0o600, flag: 'wx' }).catch(
    async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    },
  );
  return (await readFile(file, 'utf8')).trim();
}
