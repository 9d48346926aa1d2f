// Tests use the machine's PostgreSQL unless DATABASE_URL says otherwise (CI: 127.0.0.1:5432/test).
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
process.env.LOG_LEVEL ??= 'silent';
process.env.NODE_ENV ??= 'test';
