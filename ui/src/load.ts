/**
 * A page's data: loading flag, the value, the error to show, and a reload. Stale answers of an
 * earlier load (filters changed meanwhile) are dropped.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';

export interface Loaded<T> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<unknown>;
  reload: () => Promise<void>;
}

export function useLoad<T>(fn: () => Promise<T>, opts: { immediate?: boolean } = {}): Loaded<T> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let generation = 0;
  const reload = async () => {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const v = await fn();
      if (mine === generation) data.value = v;
    } catch (err) {
      if (mine === generation) error.value = err;
    } finally {
      if (mine === generation) loading.value = false;
    }
  };
  if (opts.immediate !== false) void reload();
  return { data, loading, error, reload };
}
