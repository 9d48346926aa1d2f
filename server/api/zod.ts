/**
 * The one zod instance of the API: OpenAPI metadata enabled, error messages in zh-CN (plain,
 * user-facing wording first, zod's zh-CN locale as the fallback), and the conversion of zod issues
 * into the per-field list of a problem+json.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { FieldError } from './problem';

extendZodWithOpenApi(z);

const TYPE_LABELS: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  date: '日期',
  bigint: '整数',
};

const localeError = z.locales.zhCN().localeError;

z.config({
  localeError,
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return '必填';
        return `应为${TYPE_LABELS[issue.expected] ?? issue.expected}`;
      case 'too_small': {
        const n = String(issue.minimum);
        if (issue.origin === 'string') return `至少 ${n} 个字符`;
        if (issue.origin === 'array') return `至少 ${n} 项`;
        return issue.inclusive ? `不能小于 ${n}` : `必须大于 ${n}`;
      }
      case 'too_big': {
        const n = String(issue.maximum);
        if (issue.origin === 'string') return `不能超过 ${n} 个字符`;
        if (issue.origin === 'array') return `不能超过 ${n} 项`;
        return issue.inclusive ? `不能大于 ${n}` : `必须小于 ${n}`;
      }
      case 'unrecognized_keys':
        return `不允许的字段：${issue.keys.join('、')}`;
      case 'invalid_value':
        return `应为以下之一：${issue.values.map(String).join('、')}`;
      default:
        return undefined;
    }
  },
});

export { z };

/** zod issues → the problem+json `errors` list (field paths like `members.0.idNumber`). */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => {
    const path = [...(prefix ? [prefix] : []), ...i.path.map(String)];
    return { field: path.join('.') || '(根)', message: i.message };
  });
}
