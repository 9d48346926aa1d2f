/** Absolute paths of the repository's folders, independent of the working directory. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
export const WORKFLOWS_DIR = path.join(ROOT, 'workflows');
export const TEMPLATES_DIR = path.join(ROOT, 'templates');
export const UI_DIST_DIR = path.join(ROOT, 'ui', 'dist');
