// The webhook form's values, the body it sends, and the events grouped by what they are about.
import type { Webhook, WebhookInput } from '../api/types';

export interface WebhookValues {
  url?: string;
  description?: string;
  events?: string[];
  active?: boolean;
}

/** The events by the record they are about (`contract.approved` → `contract`), in the server's order. */
export function groupEvents(events: string[]): { group: string; events: string[] }[] {
  const groups: { group: string; events: string[] }[] = [];
  for (const event of events) {
    const group = event.split('.')[0] ?? event;
    const found = groups.find((g) => g.group === group);
    if (found) found.events.push(event);
    else groups.push({ group, events: [event] });
  }
  return groups;
}

/** POST /webhooks (no `webhook`) or PATCH /webhooks/{id}: the URL trimmed, an empty description left out or cleared. */
export function webhookBody(values: WebhookValues, webhook?: Webhook): WebhookInput {
  const description = values.description?.trim() ?? '';
  const body: WebhookInput = { url: values.url?.trim() ?? '', events: values.events ?? [] };
  if (description || webhook?.description) body.description = description;
  if (webhook && values.active !== undefined) body.active = values.active;
  return body;
}

/** Whether a delivery's receiver answered with success (2xx). */
export function answeredOk(status: number | null | undefined): boolean {
  return typeof status === 'number' && status >= 200 && status < 300;
}
