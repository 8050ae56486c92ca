import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { cursorPage } from '../common/validation/cursor-page.js';
import { CursorPageQueryDto } from '../common/validation/cursor-page.js';
import {
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesQueryDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto.js';
import { WebhookDelivery } from './schemas/webhook-delivery.schema.js';
import { WebhookEndpoint } from './schemas/webhook-endpoint.schema.js';
import { WebhookSender } from './webhook-sender.js';
import { newWebhookSecret } from './webhook-signature.js';
import { WebhookTargetResolver } from './webhook-target.js';

/** After a rotation the old secret still signs (next to the new one) this long, so receivers can switch over. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

type Lean<T> = T & { _id: Types.ObjectId };

const notFound = () =>
  new NotFoundException({ type: 'webhook-endpoint-not-found', message: 'No webhook endpoint with this id' });

@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectModel(WebhookEndpoint.name) private readonly endpoints: Model<WebhookEndpoint>,
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
    private readonly sender: WebhookSender,
    private readonly targets: WebhookTargetResolver,
  ) {}

  async create(input: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    this.checkUrl(input.url);
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.create({
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      sealedSecret: this.sender.secrets.seal(secret),
    });
    return { ...toDto(endpoint.toObject()), secret };
  }

  async list(query: CursorPageQueryDto): Promise<WebhookEndpointPageDto> {
    const page = await cursorPage(this.endpoints, {}, query);
    return { ...page, items: page.items.map(toDto) };
  }

  async get(id: string): Promise<WebhookEndpointDto> {
    return toDto(await this.find(id));
  }

  async update(id: string, input: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    await this.find(id);
    if (input.url) this.checkUrl(input.url);
    const set: Record<string, unknown> = {};
    if (input.url !== undefined) set.url = input.url;
    if (input.events !== undefined) set.events = input.events;
    if (input.description !== undefined) set.description = input.description;
    if (input.disabled === true)
      Object.assign(set, { disabled: true, disabledReason: 'Disabled by an admin', disabledAt: new Date() });
    if (input.disabled === false)
      Object.assign(set, { disabled: false, disabledReason: null, disabledAt: null, failureStreak: 0 });
    const updated = await this.endpoints
      .findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' })
      .lean<Lean<WebhookEndpoint>>()
      .exec();
    if (!updated) throw notFound();
    return toDto(updated);
  }

  async rotateSecret(id: string): Promise<WebhookEndpointWithSecretDto> {
    const endpoint = await this.find(id);
    const secret = newWebhookSecret();
    const updated = await this.endpoints
      .findByIdAndUpdate(
        id,
        {
          $set: {
            sealedSecret: this.sender.secrets.seal(secret),
            sealedPreviousSecret: endpoint.sealedSecret,
            previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
          },
        },
        { returnDocument: 'after' },
      )
      .lean<Lean<WebhookEndpoint>>()
      .exec();
    if (!updated) throw notFound();
    return { ...toDto(updated), secret };
  }

  async remove(id: string): Promise<void> {
    const result = await this.endpoints.deleteOne({ _id: id }).exec();
    if (result.deletedCount === 0) throw notFound();
    // Queued attempts find the endpoint gone and stop; the log goes with it.
    await this.deliveries.deleteMany({ endpointId: new Types.ObjectId(id) }).exec();
  }

  async deliveriesOf(id: string, query: ListWebhookDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    await this.find(id);
    const filter: Record<string, unknown> = { endpointId: new Types.ObjectId(id) };
    if (query.status) filter.status = query.status;
    const page = await cursorPage(this.deliveries, filter, query);
    return { ...page, items: page.items.map(deliveryToDto) };
  }

  async delivery(id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const delivery = await this.deliveries
      .findOne({ _id: deliveryId, endpointId: new Types.ObjectId(id) })
      .lean<Lean<WebhookDelivery>>()
      .exec();
    if (!delivery)
      throw new NotFoundException({
        type: 'webhook-delivery-not-found',
        message: 'No delivery with this id for this endpoint',
      });
    return deliveryToDto(delivery);
  }

  /** Sends a delivery once more, now (whatever its state): the same `webhook-id`, a fresh timestamp and signature. */
  async replay(id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const endpoint = await this.find(id);
    if (endpoint.disabled)
      throw new ConflictException({
        type: 'webhook-endpoint-disabled',
        message: 'Enable the endpoint before replaying to it',
      });
    const delivery = await this.delivery(id, deliveryId);
    await this.deliveries
      .updateOne({ _id: deliveryId }, { $set: { status: 'pending', nextAttemptAt: new Date() } })
      .exec();
    await this.sender.replay(delivery.messageId, delivery.attempts + 1, randomUUID());
    return { ...delivery, status: 'pending' };
  }

  private async find(id: string): Promise<Lean<WebhookEndpoint>> {
    const endpoint = await this.endpoints.findById(id).lean<Lean<WebhookEndpoint>>().exec();
    if (!endpoint) throw notFound();
    return endpoint;
  }

  private checkUrl(url: string): void {
    const refused = this.targets.checkLiteral(new URL(url));
    if (refused) {
      throw new UnprocessableEntityException({
        type: 'webhook-target-refused',
        message: `${refused}: webhooks only go to public addresses`,
        extensions: { errors: [{ field: 'url', message: refused }] },
      });
    }
  }
}

function toDto(endpoint: Lean<WebhookEndpoint>): WebhookEndpointDto {
  return {
    id: endpoint._id.toHexString(),
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description ?? null,
    disabled: endpoint.disabled === true,
    disabledReason: endpoint.disabledReason ?? null,
    disabledAt: endpoint.disabledAt ? new Date(endpoint.disabledAt).toISOString() : null,
    failureStreak: endpoint.failureStreak ?? 0,
    createdAt: new Date(endpoint.createdAt).toISOString(),
  };
}

function deliveryToDto(delivery: Lean<WebhookDelivery>): WebhookDeliveryDto {
  return {
    id: delivery._id.toHexString(),
    endpointId: String(delivery.endpointId),
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    eventSeq: delivery.eventSeq,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode ?? null,
    lastLatencyMs: delivery.lastLatencyMs ?? null,
    lastError: delivery.lastError ?? null,
    responseExcerpt: delivery.responseExcerpt ?? null,
    nextAttemptAt: delivery.nextAttemptAt ? new Date(delivery.nextAttemptAt).toISOString() : null,
    payload: delivery.body,
    attemptLog: (delivery.attemptLog ?? []).map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    createdAt: new Date(delivery.createdAt).toISOString(),
  };
}
