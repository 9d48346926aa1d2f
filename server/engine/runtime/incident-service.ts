/**
 * Resolving incidents. A job incident makes the job activatable again (a job still without
 * retries gets a new incident, as Zeebe does: update the retries first). Any other incident
 * retries the step it blocked, on the instance.
 */
import { notFound } from '../errors';
import { writeBatch } from '../persistence/write-batch';
import { Batch } from './batch';
import { jobIncident, type JobRowDb, type JobService } from './jobs';
import type { Runtime } from './runtime';

interface IncidentRowDb {
  key: string;
  process_instance_key: string;
  job_key: string | null;
  state: string;
  error_type: string;
  error_message: string;
}

export class IncidentService {
  constructor(
    private readonly runtime: Runtime,
    private readonly jobs: JobService,
  ) {}

  async resolve(key: string): Promise<void> {
    const missing = () =>
      notFound(`Expected to resolve incident with key '${key}', but no such incident was found`);
    const { rows } = await this.runtime.db.query<IncidentRowDb>(
      `SELECT * FROM engine_incident WHERE key = $1`,
      [key],
    );
    const incident = rows[0];
    if (!incident || incident.state !== 'ACTIVE') throw missing();
    if (!incident.job_key) {
      await this.runtime.onInstance(
        incident.process_instance_key,
        (inst) => inst.resolveIncident(key),
        async (c) => {
          const { rows: again } = await c.query(
            `SELECT state FROM engine_incident WHERE key = $1 FOR UPDATE`,
            [key],
          );
          if (again[0]?.state !== 'ACTIVE') throw missing();
        },
      );
      return;
    }
    const batch = new Batch(this.runtime.clock.now());
    let type: string | undefined;
    await this.runtime.db.tx(async (c) => {
      const { rows: locked } = await c.query(`SELECT state FROM engine_incident WHERE key = $1 FOR UPDATE`, [
        key,
      ]);
      if (locked[0]?.state !== 'ACTIVE') throw missing();
      batch.incidentsResolved.push({ key });
      const job = (await this.jobs.job(incident.job_key!, c, true)) as JobRowDb | undefined;
      if (job && ['failed', 'error'].includes(job.status)) {
        if (job.retries > 0) {
          await c.query(
            `UPDATE engine_job SET status = 'activatable', worker = '', deadline = NULL WHERE key = $1`,
            [job.key],
          );
          type = job.type;
        } else {
          jobIncident(this.runtime, job, batch, incident.error_message);
        }
      }
      await writeBatch(c, batch, this.runtime.keys);
    });
    if (type) this.jobs.notify(type);
  }
}
