/** The embedded engine's basic-auth password: ENGINE_PASSWORD, or one generated once and kept in DATA_DIR/engine.password (mode 600). */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

export async function enginePassword(config: Config): Promise<string> {
  if (config.engine.password) return config.engine.password;
  const file = path.join(config.dataDir, 'engine.password');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 8) {
    await chmod(file, 0o600);
    return existing.trim();
  }
  const password = randomBytes(24).toString('base64url');
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
