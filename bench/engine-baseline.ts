/** The baseline of bench/engine.ts: bare bpmn-engine (no persistence, no REST) on the same models. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import serializer, { TypeResolver } from 'moddle-context-serializer';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'models');

export async function bareSource(file: string): Promise<unknown> {
  const context = await new BpmnModdle().fromXML(await readFile(path.join(dir, file), 'utf8'));
  return serializer(context as never, TypeResolver(Elements as never));
}

type Bare = InstanceType<typeof Engine>;

/** Runs `n` instances of the source to completion (service tasks complete at once). */
export async function bareThroughput(source: unknown, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const engine = new Engine({
      sourceContext: source,
      settings: { enableDummyService: true },
    } as never) as Bare;
    const ended = new Promise((resolve) => engine.once('end', resolve));
    await engine.execute();
    await ended;
  }
  return n / ((performance.now() - started) / 1000);
}

/** Starts `n` instances that wait at a user task and keeps them. */
export async function bareWaiting(source: unknown, n: number): Promise<Bare[]> {
  const engines: Bare[] = [];
  for (let i = 0; i < n; i++) {
    const engine = new Engine({ sourceContext: source } as never) as Bare;
    await engine.execute();
    engines.push(engine);
  }
  return engines;
}

/** Recovers and resumes each saved state in a fresh engine; returns milliseconds for all. */
export async function bareRecover(source: unknown, states: unknown[]): Promise<number> {
  const started = performance.now();
  for (const state of states) {
    const engine = new Engine({ sourceContext: source } as never) as Bare;
    engine.recover(state as never);
    await engine.resume();
  }
  return performance.now() - started;
}

export async function stateWithoutSource(engine: Bare): Promise<unknown> {
  const state = (await engine.getState()) as { definitions: { source?: unknown }[] };
  for (const d of state.definitions) delete d.source;
  return state;
}
