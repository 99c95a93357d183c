import { useCallback, useMemo } from 'react';
import { api } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Process, ProcessStage, User } from '../api/types';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';

/** A stage's name in the user's language (`name` is Chinese, `name_en` English). */
export function stageName(stage: Pick<ProcessStage, 'name'> & { name_en?: string | null }, language: Language): string {
  return language === 'en-US' && stage.name_en ? stage.name_en : stage.name;
}

/** The default sales process (or the first), with its stages in order. */
export function useProcess() {
  const load = useCallback(() => opportunitiesApi.processes(), []);
  const processes = useLoader(load);
  const process: Process | undefined = useMemo(() => {
    const items = processes.data ?? [];
    return items.find((p) => p.is_default) ?? items[0];
  }, [processes.data]);
  const stages = useMemo(() => [...(process?.stages ?? [])].sort((a, b) => a.position - b.position), [process]);
  return { process, stages, error: processes.error, reload: processes.reload, loading: processes.loading };
}

/** Everyone's name by id, for owners on cards and rows. */
export function useUserNames() {
  const load = useCallback(() => api.allUsers().catch(() => [] as User[]), []);
  const users = useLoader(load);
  const byId = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);
  const { t } = useI18n();
  const nameOf = useCallback((id: string | null | undefined) => (id ? (byId.get(id)?.name ?? id.slice(0, 8)) : t('common.none')), [byId, t]);
  return { users: users.data ?? [], nameOf };
}

/** Whole days since an instant, for "3 days in stage". */
export function daysSince(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((now - at) / 86_400_000));
}

/** A duration in seconds as days and hours, e.g. "12 d 4 h" (`d`/`h` translated by the caller). */
export function splitDuration(seconds: number): { days: number; hours: number } {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  return { days, hours };
}

/** A stage a report names (id and stored name) in the user's language, from the processes. */
export function useStageLabel(processes: Process[]) {
  const { language } = useI18n();
  return useCallback(
    (stage: { id: string; name: string }) => {
      for (const process of processes) {
        const full = process.stages.find((s) => s.id === stage.id);
        if (full) return stageName(full, language);
      }
      return stage.name;
    },
    [processes, language],
  );
}
