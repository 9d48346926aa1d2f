/**
 * The logging surface the engine needs. The app passes its pino logger; standalone runs pass
 * their own. Log lines carry keys and element ids, never variable values (they hold personal data).
 */
export interface EngineLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = () => {};
export const silentLogger: EngineLogger = { debug: noop, info: noop, warn: noop, error: noop };
