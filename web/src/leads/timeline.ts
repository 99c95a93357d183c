import type { Activity, HistoryEntry } from '../api/types';

export type TimelineItem =
  | { kind: 'activity'; key: string; at: string; activity: Activity }
  | { kind: 'history'; key: string; at: string; entry: HistoryEntry };

/** When an activity belongs on the timeline: when it happened, else when it is planned for. */
export function activityTime(activity: Activity): string {
  return activity.occurred_at ?? activity.planned_for ?? activity.created_at;
}

function millis(at: string): number {
  const value = new Date(at).getTime();
  return Number.isNaN(value) ? 0 : value;
}

/**
 * Activities and change history as one list, newest first. At the same instant an activity
 * comes before the changes it caused (a call moves the lead to "contacted"); otherwise each
 * source keeps its own order.
 */
export function mergeTimeline(activities: Activity[], history: HistoryEntry[]): TimelineItem[] {
  const items: (TimelineItem & { rank: number; order: number })[] = [
    ...activities.map((activity, order) => ({
      kind: 'activity' as const,
      key: `a-${activity.id}`,
      at: activityTime(activity),
      activity,
      rank: 0,
      order,
    })),
    ...history.map((entry, order) => ({
      kind: 'history' as const,
      key: `h-${entry.at}-${order}`,
      at: entry.at,
      entry,
      rank: 1,
      order,
    })),
  ];
  items.sort((a, b) => millis(b.at) - millis(a.at) || a.rank - b.rank || a.order - b.order);
  return items.map(({ rank: _rank, order: _order, ...item }) => item as TimelineItem);
}
