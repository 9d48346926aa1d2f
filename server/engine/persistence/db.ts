/**
 * PostgreSQL access for the engine: one pool, transactions, nothing else. The engine uses `pg`
 * directly (not Prisma) so it stands alone; its tables live in the connection's search_path.
 */
import pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface EngineDb {
  pool: pg.Pool;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  close(): Promise<void>;
}

// int8 (bigint) and numeric come back as strings: keys stay exact, as the v2 API wants them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export function openDb(connectionString: string, max = 8): EngineDb {
  const pool = new pg.Pool({ connectionString, max, application_name: 'jiuzhu-engine' });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    pool,
    async tx(fn) {
      const client = await pool.connect();
      // A connection lost mid-transaction (a server shutting down) rejects the query in flight;
      // the client's 'error' event must not also crash the process (pg-pool listens only while idle).
      const lost = () => {};
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.removeListener('error', lost);
        client.release();
      }
    },
    query: (sql, params) => pool.query(sql, params as unknown[]),
    close: () => pool.end(),
  };
}
