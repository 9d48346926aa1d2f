/** Request validation for the v2 subset (int64 values may come as numbers or strings, as the client sends them). */
import { z } from 'zod';
import { invalidArgument } from '../errors';

export const long = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
export const keyParam = (value: string | undefined, name: string): string => {
  if (!value || !/^\d{1,19}$/.test(value))
    throw invalidArgument(`The value for ${name} is '${value}' but must be a numerical key`);
  return value;
};
export const variables = z.record(z.string(), z.unknown());
const tenant = z.string().min(1).optional();

export const searchBody = z
  .object({
    filter: z.record(z.string(), z.unknown()).optional(),
    sort: z.array(z.object({ field: z.string(), order: z.string().optional() })).optional(),
    page: z
      .object({
        from: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
        after: z.string().optional(),
        before: z.string().optional(),
      })
      .optional(),
  })
  .passthrough()
  .optional()
  .transform(
    (b) =>
      b as
        | {
            filter?: Record<string, unknown>;
            sort?: { field: string; order?: 'ASC' | 'DESC' }[];
            page?: { from?: number; limit?: number; after?: string; before?: string };
          }
        | undefined,
  );

export const createInstance = z
  .object({
    processDefinitionKey: z.string().regex(/^\d+$/).optional(),
    processDefinitionId: z.string().min(1).optional(),
    processDefinitionVersion: z.number().int().optional(),
    variables: variables.optional(),
    tenantId: tenant,
    operationReference: long.optional(),
    startInstructions: z.array(z.unknown()).optional(),
    runtimeInstructions: z.array(z.unknown()).optional(),
    awaitCompletion: z.boolean().optional(),
    fetchVariables: z.array(z.string()).optional(),
    requestTimeout: long.optional(),
    tags: z.array(z.string()).optional(),
  })
  .refine((b) => b.processDefinitionKey || b.processDefinitionId, {
    message: 'At least one of [processDefinitionId, processDefinitionKey] is required',
  });

export const activateJobs = z.object({
  type: z.string().min(1),
  worker: z.string().optional(),
  timeout: long,
  maxJobsToActivate: z.number().int().min(1),
  fetchVariable: z.array(z.string()).optional(),
  requestTimeout: long.optional(),
  tenantIds: z.array(z.string()).optional(),
});

export const completeJob = z
  .object({ variables: variables.nullable().optional(), result: z.unknown().optional() })
  .optional();
export const failJob = z
  .object({
    retries: z.number().int().min(0).optional(),
    errorMessage: z.string().optional(),
    retryBackOff: long.optional(),
    variables: variables.optional(),
  })
  .optional();
export const jobError = z.object({
  errorCode: z.string().min(1),
  errorMessage: z.string().nullable().optional(),
  variables: variables.nullable().optional(),
});
export const updateJob = z.object({
  changeset: z.object({
    retries: z.number().int().nullable().optional(),
    timeout: long.nullable().optional(),
  }),
  operationReference: long.optional(),
});

export const assignUserTask = z.object({
  assignee: z.string().min(1),
  allowOverride: z.boolean().nullable().optional(),
  action: z.string().nullable().optional(),
});
export const completeUserTask = z
  .object({ variables: variables.nullable().optional(), action: z.string().nullable().optional() })
  .optional();
export const updateUserTask = z
  .object({
    changeset: z
      .object({
        dueDate: z.string().nullable().optional(),
        followUpDate: z.string().nullable().optional(),
        candidateUsers: z.array(z.string()).nullable().optional(),
        candidateGroups: z.array(z.string()).nullable().optional(),
        priority: z.number().int().min(0).max(100).nullable().optional(),
      })
      .nullable()
      .optional(),
    action: z.string().nullable().optional(),
  })
  .optional();

export const publishMessage = z.object({
  name: z.string().min(1),
  correlationKey: z.string().optional(),
  timeToLive: long.optional(),
  messageId: z.string().optional(),
  variables: variables.optional(),
  tenantId: tenant,
});
export const correlateMessage = z.object({
  name: z.string().min(1),
  correlationKey: z.string().optional(),
  variables: variables.optional(),
  tenantId: tenant,
});

export const pinClock = z.object({ timestamp: long });
