// Load runs by id and keep them fresh: refetch when a status or partial event names them.
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { ApiEvent, RunDetail } from '../../src-shared/api';
import { api, errorInfo } from '../api/client';

export function useRuns(ids: Ref<number[]>) {
  const runs = shallowRef<RunDetail[]>([]);
  const error = ref<string | null>(null);
  const loading = ref(false);
  const progress = ref<Record<number, { fraction: number; phase: string }>>({});
  let seq = 0;
  async function load(): Promise<void> {
    const my = ++seq;
    loading.value = true;
    try {
      const got = await Promise.all(ids.value.map((id) => api().getRun({ id })));
      if (my === seq) {
        runs.value = got;
        error.value = null;
      }
    } catch (e) {
      if (my === seq) error.value = errorInfo(e).message;
    } finally {
      if (my === seq) loading.value = false;
    }
  }
  watch(ids, load, { immediate: true, deep: true });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = api().onEvent((e: ApiEvent) => {
    if (e.type === 'progress' && ids.value.includes(e.runId)) {
      progress.value = { ...progress.value, [e.runId]: { fraction: e.fraction, phase: e.phase } };
    } else if ((e.type === 'status' || e.type === 'partial') && ids.value.includes(e.runId)) {
      if (!timer) timer = setTimeout(() => ((timer = null), void load()), 150);
    } else if (e.type === 'runs-changed' && e.runIds.some((id) => ids.value.includes(id))) {
      if (!timer) timer = setTimeout(() => ((timer = null), void load()), 150);
    }
  });
  onBeforeUnmount(() => {
    off();
    if (timer) clearTimeout(timer);
  });
  return { runs, error, loading, progress, reload: load };
}
