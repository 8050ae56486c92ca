import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Api } from '../../../api/api';
import { webhookEndpointsCreate } from '../../../api/fn/webhook-endpoints/webhook-endpoints-create';
import { webhookEndpointsDeliveries } from '../../../api/fn/webhook-endpoints/webhook-endpoints-deliveries';
import { webhookEndpointsList } from '../../../api/fn/webhook-endpoints/webhook-endpoints-list';
import { webhookEndpointsRemove } from '../../../api/fn/webhook-endpoints/webhook-endpoints-remove';
import { webhookEndpointsReplay } from '../../../api/fn/webhook-endpoints/webhook-endpoints-replay';
import { webhookEndpointsRotate } from '../../../api/fn/webhook-endpoints/webhook-endpoints-rotate';
import { webhookEndpointsUpdate } from '../../../api/fn/webhook-endpoints/webhook-endpoints-update';
import type { WebhookDeliveryDto, WebhookEndpointDto } from '../../../api/models';
import { ApiProblem } from '../../../core/http/api-problem';
import { AdminTable } from '../../../shared/admin-table/admin-table';
import { Icon } from '../../../shared/icon/icon';

const PAGE_SIZE = 20;
export const WEBHOOK_EVENTS = [
  'order.created',
  'order.status_changed',
  'notification.updated',
  'support_request.created',
  'support_request.updated',
] as const;
type EventName = (typeof WEBHOOK_EVENTS)[number];

/**
 * Admins manage outbound webhooks: register an endpoint (its signing secret is shown once),
 * rotate the secret, disable, enable, delete, and read an endpoint's delivery log with replay.
 * Endpoints the API disabled after repeated failures are called out at the top.
 */
@Component({
  selector: 'tt-webhooks-page',
  imports: [AdminTable, Icon],
  templateUrl: './webhooks-page.html',
  styleUrl: './webhooks-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class WebhooksPage {
  private readonly api = inject(Api);

  protected readonly events = WEBHOOK_EVENTS;
  protected readonly endpoints = signal<readonly WebhookEndpointDto[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly chosen = signal<ReadonlySet<EventName>>(new Set(['order.created', 'order.status_changed']));
  /** The secret just created or rotated: shown once, until dismissed. */
  protected readonly secret = signal<{ url: string; secret: string } | null>(null);
  protected readonly rowErrors = signal<Readonly<Record<string, string>>>({});
  protected readonly selected = signal<WebhookEndpointDto | null>(null);
  protected readonly deliveries = signal<readonly WebhookDeliveryDto[]>([]);
  protected readonly deliveriesCursor = signal<string | null>(null);
  protected readonly deliveriesTotal = signal(0);
  protected readonly deliveryNotice = signal<string | null>(null);

  protected readonly autoDisabled = computed(() =>
    this.endpoints().filter((e) => e.disabled && e.disabledReason?.includes('automatically')),
  );

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      const page = await this.api.invoke(webhookEndpointsList, { limit: PAGE_SIZE });
      this.endpoints.set(page.items);
      this.nextCursor.set(page.nextCursor ?? null);
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(ApiProblem.from(error).detail);
    } finally {
      this.loaded.set(true);
    }
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    const page = await this.api.invoke(webhookEndpointsList, { limit: PAGE_SIZE, cursor });
    this.endpoints.update((list) => [...list, ...page.items]);
    this.nextCursor.set(page.nextCursor ?? null);
  }

  protected toggleEvent(name: EventName, on: boolean): void {
    this.chosen.update((set) => {
      const next = new Set(set);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  }

  protected async create(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const url = text(data.get('url'));
    const description = text(data.get('description'));
    if (!url) return this.formError.set('Enter the URL that should receive the events.');
    if (this.chosen().size === 0) return this.formError.set('Choose at least one event.');
    this.creating.set(true);
    this.formError.set(null);
    try {
      const created = await this.api.invoke(webhookEndpointsCreate, {
        body: { url, events: [...this.chosen()], ...(description ? { description } : {}) },
      });
      this.secret.set({ url: created.url, secret: created.secret });
      // Only the text fields: the event choice lives in a signal (a form reset would uncheck the boxes behind its back).
      for (const name of ['url', 'description']) (form.elements.namedItem(name) as HTMLInputElement).value = '';
      // Reloaded rather than prepended, so a first load still in flight cannot hide the new endpoint.
      await this.load();
    } catch (error) {
      const problem = ApiProblem.from(error);
      this.formError.set(
        problem.fieldErrors[0]?.message ? `${problem.detail} (${problem.fieldErrors[0].message})` : problem.detail,
      );
    } finally {
      this.creating.set(false);
    }
  }

  protected async rotate(endpoint: WebhookEndpointDto): Promise<void> {
    await this.row(endpoint, async () => {
      const rotated = await this.api.invoke(webhookEndpointsRotate, { id: endpoint.id });
      this.secret.set({ url: rotated.url, secret: rotated.secret });
    });
  }

  protected async toggleDisabled(endpoint: WebhookEndpointDto): Promise<void> {
    await this.row(endpoint, async () => {
      this.replace(
        await this.api.invoke(webhookEndpointsUpdate, { id: endpoint.id, body: { disabled: !endpoint.disabled } }),
      );
    });
  }

  protected async remove(endpoint: WebhookEndpointDto): Promise<void> {
    if (!confirm(`Delete the webhook endpoint ${endpoint.url} and its delivery log?`)) return;
    await this.row(endpoint, async () => {
      await this.api.invoke(webhookEndpointsRemove, { id: endpoint.id });
      this.endpoints.update((list) => list.filter((e) => e.id !== endpoint.id));
      if (this.selected()?.id === endpoint.id) this.selected.set(null);
    });
  }

  protected async showDeliveries(endpoint: WebhookEndpointDto, cursor?: string): Promise<void> {
    await this.row(endpoint, async () => {
      const page = await this.api.invoke(webhookEndpointsDeliveries, {
        id: endpoint.id,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      this.selected.set(endpoint);
      this.deliveries.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.deliveriesCursor.set(page.nextCursor ?? null);
      this.deliveriesTotal.set(page.total);
      if (!cursor) this.deliveryNotice.set(null);
    });
  }

  protected async replay(delivery: WebhookDeliveryDto): Promise<void> {
    const endpoint = this.selected();
    if (!endpoint) return;
    try {
      const queued = await this.api.invoke(webhookEndpointsReplay, { id: endpoint.id, deliveryId: delivery.id });
      this.deliveries.update((list) => list.map((d) => (d.id === queued.id ? queued : d)));
      this.deliveryNotice.set(`Delivery ${delivery.messageId} queued again.`);
    } catch (error) {
      this.deliveryNotice.set(ApiProblem.from(error).detail);
    }
  }

  protected eventsOf(endpoint: WebhookEndpointDto): string {
    return endpoint.events.join(', ');
  }

  private replace(updated: WebhookEndpointDto): void {
    this.endpoints.update((list) => list.map((e) => (e.id === updated.id ? updated : e)));
    if (this.selected()?.id === updated.id) this.selected.set(updated);
  }

  private async row(endpoint: WebhookEndpointDto, work: () => Promise<void>): Promise<void> {
    this.rowErrors.update(({ [endpoint.id]: _gone, ...rest }) => rest);
    try {
      await work();
    } catch (error) {
      this.rowErrors.update((errors) => ({ ...errors, [endpoint.id]: ApiProblem.from(error).detail }));
    }
  }
}

/** A text field's value (a FormData entry may also be a File, which these forms do not have). */
function text(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value.trim() : '';
}
