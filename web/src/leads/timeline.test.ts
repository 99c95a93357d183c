import { describe, expect, it } from 'vitest';
import type { Activity, HistoryEntry } from '../api/types';
import { activityTime, mergeTimeline } from './timeline';

function activity(id: string, fields: Partial<Activity>): Activity {
  return {
    id,
    kind: 'call',
    subject: id,
    body: null,
    lead_id: 'lead',
    owner_id: 'u1',
    occurred_at: null,
    planned_for: null,
    location: null,
    created_at: '2026-01-01T00:00:00Z',
    version: 1,
    ...fields,
  };
}

function entry(action: string, at: string): HistoryEntry {
  return { at, actor: null, action, changes: [] };
}

describe('mergeTimeline', () => {
  it('interleaves activities and history, newest first', () => {
    const activities = [
      activity('visit', { kind: 'visit', occurred_at: '2026-03-05T10:00:00+08:00' }),
      activity('call', { occurred_at: '2026-03-02T09:00:00Z' }),
    ];
    const history = [
      entry('followed_up', '2026-03-05T02:00:01Z'),
      entry('claimed', '2026-03-03T00:00:00Z'),
      entry('created', '2026-03-01T00:00:00Z'),
    ];
    const keys = mergeTimeline(activities, history).map((item) =>
      item.kind === 'activity' ? `a:${item.activity.id}` : `h:${item.entry.action}`,
    );
    expect(keys).toEqual(['h:followed_up', 'a:visit', 'h:claimed', 'a:call', 'h:created']);
  });

  it('puts an activity before the changes of the same instant', () => {
    const at = '2026-03-05T02:00:00Z';
    const items = mergeTimeline([activity('call', { occurred_at: at })], [entry('followed_up', at)]);
    expect(items.map((item) => item.kind)).toEqual(['activity', 'history']);
  });

  it('places a planned task at its planned time, and an activity without times at its creation', () => {
    const task = activity('task', { kind: 'task', planned_for: '2026-04-01T00:00:00Z' });
    const bare = activity('note', { kind: 'note', created_at: '2026-02-01T00:00:00Z' });
    expect(activityTime(task)).toBe('2026-04-01T00:00:00Z');
    expect(activityTime(bare)).toBe('2026-02-01T00:00:00Z');
    const items = mergeTimeline([bare, task], [entry('created', '2026-03-01T00:00:00Z')]);
    expect(items.map((item) => item.key)).toEqual(['a-task', 'h-2026-03-01T00:00:00Z-0', 'a-note']);
  });

  it('keeps each source in its own order when times are equal, and handles empty input', () => {
    const at = '2026-03-01T00:00:00Z';
    const items = mergeTimeline([], [entry('updated', at), entry('created', at)]);
    expect(items.map((item) => (item.kind === 'history' ? item.entry.action : ''))).toEqual(['updated', 'created']);
    expect(mergeTimeline([], [])).toEqual([]);
  });
});
