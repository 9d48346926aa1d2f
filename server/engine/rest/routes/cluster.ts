/** Topology, status and the clock (pin / reset, as Camunda's `/clock` for tests). */
import type { Router } from 'express';
import { GATEWAY_VERSION, type EngineCore } from '../../core';
import { pinClock } from '../schemas';

export function clusterRoutes(
  r: Router,
  core: EngineCore,
  address: () => { host: string; port: number },
  track: <T>(fn: () => Promise<T>) => Promise<T>,
): void {
  r.get('/topology', (_req, res) => {
    const { host, port } = address();
    res.json({
      brokers: [
        {
          nodeId: 0,
          host,
          port,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: GATEWAY_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
      lastCompletedChangeId: '-1',
    });
  });

  r.get('/status', (_req, res) => void res.status(204).end());

  r.put('/clock', async (req, res) => {
    const { timestamp } = pinClock.parse(req.body);
    await track(async () => {
      core.clock.pin(timestamp);
      await core.scheduler.settle();
    });
    res.status(204).end();
  });

  r.post('/clock/reset', async (_req, res) => {
    await track(async () => {
      core.clock.reset();
      await core.scheduler.settle();
    });
    res.status(204).end();
  });
}
