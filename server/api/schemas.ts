/** Schemas shared by several routers: problem+json, ids, paging, the signed-in user. */
import { ROLES, ROLE_LABELS, type Role } from '../auth/roles';
import { z } from './zod';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string().openapi({ example: '请求参数有误' }),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const RoleSchema = z.enum(ROLES).openapi('Role', { description: '角色（DOMAIN.md Roles）' });

export const IdParams = z.strictObject({ id: z.uuid('应为 UUID') });

export const Iso = z.iso.datetime({ offset: true });

export const PageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    /** Set when the count stopped at its cap: more than `total` rows match. */
    totalCapped: z.boolean().optional(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** `true`/`false` in a query string. */
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const UserViewSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    roleLabel: z.string(),
    districtCode: z.string(),
    streetCode: z.string().nullable(),
    mustChangePassword: z.boolean(),
  })
  .openapi('SignedInUser');

export function userView(u: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  districtCode: string;
  streetCode: string | null;
  mustChangePassword: boolean;
}): z.infer<typeof UserViewSchema> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
    districtCode: u.districtCode,
    streetCode: u.streetCode,
    mustChangePassword: u.mustChangePassword,
  };
}

/** 用户名: letters, digits, dot, dash, underscore. */
export const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, '用户名只能包含字母、数字、点、下划线和连字符');

/** Free text: no control characters and no angle brackets (nothing here needs markup). */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^<>\p{Cc}]*$/u, '不能包含尖括号或控制字符');

/** 姓名: Han characters or Latin letters, with the middle dot of minority and foreign names. */
export const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·• .]*$/u, '姓名只能包含汉字、字母和间隔号');
