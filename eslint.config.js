import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'scripts/prisma-offline-engine/',
      'node_modules/',
      'data/',
      'ui/dist/',
      'server/db/generated/',
      'coverage/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The embedded engine stands alone: it may not import the app (ARCHITECTURE.md). One block per
  // folder depth, each forbidding the relative path that leaves server/engine/.
  ...[1, 2, 3, 4].map((depth) => ({
    files: [`server/engine/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [`${'../'.repeat(depth)}*`], message: 'server/engine/ imports nothing from the app' },
          ],
        },
      ],
    },
  })),
);
