/** The engine's services, shared by the REST routes. */
import type { EngineClock } from './clock';
import type { EngineLogger } from './log';
import type { EngineDb } from './persistence/db';
import type { IncidentService } from './runtime/incident-service';
import type { InstanceService } from './runtime/instances';
import type { JobService } from './runtime/jobs';
import type { MessageService } from './runtime/messages';
import type { ModelRegistry } from './runtime/models';
import type { Runtime } from './runtime/runtime';
import type { Scheduler } from './runtime/scheduler';
import type { UserTaskService } from './runtime/user-tasks';
import type { KeyGenerator } from './persistence/keys';

export const DEFAULT_TENANT = '<default>';
export const GATEWAY_VERSION = '8.8.0';

export interface EngineCore {
  db: EngineDb;
  clock: EngineClock;
  keys: KeyGenerator;
  models: ModelRegistry;
  runtime: Runtime;
  jobs: JobService;
  userTasks: UserTaskService;
  messages: MessageService;
  incidents: IncidentService;
  instances: InstanceService;
  scheduler: Scheduler;
  log: EngineLogger;
}
