/**
 * Keys like Zeebe's: 64-bit integers (partition 1 in the top bits), handed out as strings and
 * increasing in creation order. Each engine start takes a block of a million from a sequence and
 * fetches the next block in the background when half is used, so taking a key is synchronous;
 * a crash skips the rest of a block, which is harmless (keys are unique, not dense).
 */
import type { EngineDb } from './db';

export const KEY_BLOCK = 1_000_000n;

export class KeyGenerator {
  private next = 0n;
  private end = 0n;
  private spare: { start: bigint } | null = null;
  private fetching: Promise<void> | null = null;

  constructor(private readonly db: EngineDb) {}

  async init(): Promise<void> {
    const start = await this.fetchBlock();
    this.next = start;
    this.end = start + KEY_BLOCK;
  }

  take(): string {
    if (this.next >= this.end) {
      if (!this.spare) throw new Error('engine key block exhausted; retry the command');
      this.next = this.spare.start;
      this.end = this.spare.start + KEY_BLOCK;
      this.spare = null;
    }
    const key = this.next++;
    if (!this.spare && !this.fetching && this.end - this.next < KEY_BLOCK / 2n) {
      this.fetching = this.fetchBlock()
        .then((start) => void (this.spare = { start }))
        .catch(() => {})
        .finally(() => (this.fetching = null));
    }
    return key.toString();
  }

  private async fetchBlock(): Promise<bigint> {
    const { rows } = await this.db.query<{ k: string }>(`SELECT nextval('engine_key_seq')::text AS k`);
    return BigInt(rows[0]!.k);
  }
}
