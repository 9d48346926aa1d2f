/** Job activation (long polling), completion, failure, BPMN errors, updates and search. */
import type { Router } from 'express';
import { DEFAULT_TENANT, type EngineCore } from '../../core';
import { activateJobs, completeJob, failJob, jobError, keyParam, searchBody, updateJob } from '../schemas';
import { search } from '../search';
import { jobSearch } from '../views/work';

export function jobRoutes(r: Router, core: EngineCore, track: <T>(fn: () => Promise<T>) => Promise<T>): void {
  r.post('/jobs/activation', async (req, res) => {
    const body = activateJobs.parse(req.body);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const worker = body.worker ?? '';
    const jobs = await core.jobs.activate(
      {
        type: body.type,
        worker,
        timeout: body.timeout,
        maxJobsToActivate: body.maxJobsToActivate,
        fetchVariable: body.fetchVariable,
        requestTimeout: body.requestTimeout ?? 0,
        tenantIds: body.tenantIds?.length ? body.tenantIds : [DEFAULT_TENANT],
      },
      abort.signal,
    );
    res.json({
      jobs: jobs.map(({ job, variables }) => ({
        type: job.type,
        processDefinitionId: job.bpmn_process_id,
        processDefinitionVersion: job.version,
        elementId: job.element_id,
        customHeaders: JSON.parse(job.custom_headers),
        worker: job.worker,
        retries: job.retries,
        deadline: job.deadline ? job.deadline.getTime() : 0,
        variables,
        tenantId: job.tenant_id,
        jobKey: job.key,
        processInstanceKey: job.process_instance_key,
        processDefinitionKey: job.process_definition_key,
        elementInstanceKey: job.element_instance_key,
        kind: 'BPMN_ELEMENT',
        listenerEventType: 'UNSPECIFIED',
      })),
    });
  });

  r.post('/jobs/:key/completion', async (req, res) => {
    const key = keyParam(req.params.key, 'jobKey');
    const body = completeJob.parse(req.body);
    await track(() => core.jobs.complete(key, body?.variables ?? {}));
    res.status(204).end();
  });

  r.post('/jobs/:key/failure', async (req, res) => {
    const key = keyParam(req.params.key, 'jobKey');
    const body = failJob.parse(req.body);
    await track(() =>
      core.jobs.fail(
        key,
        body?.retries ?? 0,
        body?.errorMessage ?? '',
        body?.retryBackOff ?? 0,
        body?.variables ?? {},
      ),
    );
    res.status(204).end();
  });

  r.post('/jobs/:key/error', async (req, res) => {
    const key = keyParam(req.params.key, 'jobKey');
    const body = jobError.parse(req.body);
    await track(() =>
      core.jobs.throwError(key, body.errorCode, body.errorMessage ?? '', body.variables ?? {}),
    );
    res.status(204).end();
  });

  r.patch('/jobs/:key', async (req, res) => {
    const key = keyParam(req.params.key, 'jobKey');
    const { changeset } = updateJob.parse(req.body);
    await core.jobs.update(key, changeset.retries ?? null, changeset.timeout ?? null);
    res.status(204).end();
  });

  r.post('/jobs/search', async (req, res) => {
    res.json(await search(core.db.pool, jobSearch, searchBody.parse(req.body)));
  });
}
