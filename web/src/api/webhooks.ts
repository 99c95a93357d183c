// Outgoing webhooks (`settings.manage`): the receivers, the events they want, what was
// delivered to them. Same transport as `client.ts`.
import { request } from './client';
import type { Page, Webhook, WebhookDelivery, WebhookEvents, WebhookInput } from './types';

export const webhooksApi = {
  list: () => request<Page<Webhook>>('GET', '/webhooks').then((page) => page.items),
  /** The events a webhook may subscribe to. */
  events: () => request<WebhookEvents>('GET', '/webhooks/events').then((answer) => answer.events),
  /** The answer carries the whole secret, this once. */
  create: (body: WebhookInput) => request<Webhook>('POST', '/webhooks', { body }),
  update: (id: string, body: WebhookInput, version: number) =>
    request<Webhook>('PATCH', `/webhooks/${id}`, { body, ifMatch: version }),
  remove: (id: string) => request<void>('DELETE', `/webhooks/${id}`),
  /** The latest 100 deliveries, newest first. */
  deliveries: (id: string) => request<Page<WebhookDelivery>>('GET', `/webhooks/${id}/deliveries`).then((page) => page.items),
  sendTest: (id: string) => request<WebhookDelivery>('POST', `/webhooks/${id}/test`),
};
