/**
 * Content-addressed, write-once file store: a file's name is its SHA-256, so the same bytes are
 * stored once and a file can be checked against its name. Files are written to a temporary name,
 * flushed and renamed, then made read-only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export class FileStore {
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`无效的文件摘要：${hash}`);
    return path.join(this.root, 'sha256', hash.slice(0, 2), hash.slice(2, 4), `${hash}.pdf`);
  }

  /** Stores the bytes (once) and returns their SHA-256. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const hash = sha256(bytes);
    const file = this.pathOf(hash);
    if (existsSync(file) && (await stat(file)).size === bytes.length)
      return { sha256: hash, size: bytes.length };
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, file);
      await chmod(file, 0o444);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { sha256: hash, size: bytes.length };
  }

  async has(hash: string): Promise<boolean> {
    return existsSync(this.pathOf(hash));
  }

  /** The stored bytes, or null when the file is missing. */
  async read(hash: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(hash));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  stream(hash: string): Readable {
    return createReadStream(this.pathOf(hash));
  }

  /** SHA-256 of what is on disk now (null when missing), read as a stream. */
  async hashOnDisk(hash: string): Promise<string | null> {
    const file = this.pathOf(hash);
    if (!existsSync(file)) return null;
    const h = createHash('sha256');
    for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
    return h.digest('hex');
  }
}
