// A background import's job as the wizards show it: its percentage, and polling it while it runs.
import { useEffect, useRef } from 'react';
import { api } from '../../api/client';
import type { Job } from '../../api/types';

export const POLL_MS = 1000;

/** The job's progress in percent: 100 only once it is done, else at most 99. */
export function percentOf(job: Job | null): number {
  if (!job) return 0;
  if (job.status === 'done') return 100;
  const { done, total } = job.progress;
  return total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0;
}

export function jobFinished(job: Job | null): boolean {
  return job?.status === 'done' || job?.status === 'failed';
}

/**
 * While `running`, reads the job every second (`onJob` with each answer); once it is done or
 * failed, calls `onFinished` once. A failed read goes to `onError` and polling stops.
 */
export function useJobPolling(
  running: boolean,
  job: Job | null,
  handlers: { onJob: (job: Job) => void; onFinished: (job: Job) => void; onError: (error: unknown) => void },
) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!running || !job) return;
    if (jobFinished(job)) {
      latest.current.onFinished(job);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.job(job.id).then(
        (next) => live && latest.current.onJob(next),
        (error: unknown) => live && latest.current.onError(error),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [running, job]);
}
