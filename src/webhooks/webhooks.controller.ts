import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiRoute, StatusDto } from '../common/api-docs';
import { ValidationError } from '../common/errors';
import { MESSAGES, normalizeUuid, pathUuid } from '../common/fields';
import { firstString, pageEnvelope, readPageRequest, resolvePage, type Page } from '../common/pagination';
import { baseUrl } from '../common/request-context';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.provider';
import { ProjectsService } from '../projects/projects.service';
import { AddWebhookDto, RedeliverDto, WebhookDeliveryDto, WebhookSubscriptionDto } from './webhooks.dto';
import type { DeliveryFilters } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { toDeliveryView, toSubscriptionView } from './webhooks.views';

type DeliveryView = ReturnType<typeof toDeliveryView>;

@ApiTags('webhooks')
@Controller('api/projects/:uuid')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly projects: ProjectsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('add_webhook')
  @HttpCode(201)
  @UseInterceptors(NoFilesInterceptor())
  @ApiRoute({
    summary: 'Subscribe a webhook to the end of runs of this project',
    body: AddWebhookDto,
    consumes: ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'],
    ok: { status: 201, type: StatusDto },
    errors: [{ status: 400, description: 'Field errors, e.g. {"target_url": ["Enter a valid URL."]}' }],
  })
  async add(@Param('uuid') uuid: string, @Body() body: Record<string, unknown> | undefined): Promise<StatusDto> {
    const { project } = await this.projects.get(pathUuid(uuid));
    await this.webhooks.addFromBody(project.uuid, body ?? {});
    return { status: 'Webhook added.' };
  }

  @Get('webhooks')
  @ApiRoute({ summary: "The project's webhook subscriptions, newest first", ok: { type: WebhookSubscriptionDto, isArray: true } })
  async subscriptions(@Param('uuid') uuid: string): Promise<ReturnType<typeof toSubscriptionView>[]> {
    const { project } = await this.projects.get(pathUuid(uuid));
    return (await this.webhooks.subscriptions(project.uuid)).map(toSubscriptionView);
  }

  @Get('webhook_deliveries')
  @ApiRoute({
    summary: 'Delivery attempts of the project webhooks, newest first (pending retries included)',
    ok: { type: WebhookDeliveryDto, paginated: true },
    query: [
      { name: 'webhook', description: 'Only the attempts of this subscription (uuid).' },
      { name: 'run', description: 'Only the attempts for this run (uuid).' },
      { name: 'page', description: 'Page number, or `last`.' },
      { name: 'page_size', description: 'Items per page.', type: 'integer' },
    ],
  })
  async deliveries(@Req() req: Request, @Param('uuid') uuid: string): Promise<Page<DeliveryView>> {
    const { project } = await this.projects.get(pathUuid(uuid));
    const filters = readDeliveryFilters(req.query);
    const pageRequest = readPageRequest(req.query, this.config.pageSize, this.config.maxPageSize);
    const count = await this.webhooks.countDeliveries(project.uuid, filters);
    const { offset, limit, page } = resolvePage(pageRequest, count);
    const rows = count > 0 ? await this.webhooks.deliveries(project.uuid, filters, { offset, limit }) : [];
    const base = baseUrl(req);
    return pageEnvelope(req, count, page, pageRequest.size, rows.map((d) => toDeliveryView(d, base)));
  }

  @Get('webhook_deliveries/:delivery')
  @ApiRoute({ summary: 'One delivery attempt, with the payload sent', ok: { type: WebhookDeliveryDto } })
  async delivery(@Req() req: Request, @Param('uuid') uuid: string, @Param('delivery') delivery: string): Promise<DeliveryView> {
    const row = await this.webhooks.delivery(pathUuid(uuid), pathUuid(delivery));
    return toDeliveryView(row, baseUrl(req), true);
  }

  @Post('webhook_deliveries/:delivery/redeliver')
  @HttpCode(201)
  @ApiRoute({
    summary: 'Send the payload of a delivery again, as a new attempt with its own retries',
    ok: { status: 201, type: RedeliverDto },
    errors: [{ status: 404, description: 'No such delivery in this project.' }],
  })
  async redeliver(@Req() req: Request, @Param('uuid') uuid: string, @Param('delivery') delivery: string): Promise<{ status: string; delivery: DeliveryView }> {
    const row = await this.webhooks.redeliver(pathUuid(uuid), pathUuid(delivery));
    return { status: 'Webhook delivery queued.', delivery: toDeliveryView(row, baseUrl(req)) };
  }
}

function readDeliveryFilters(query: Request['query']): DeliveryFilters {
  const filters: DeliveryFilters = {};
  const errors: Record<string, string[]> = {};
  for (const key of ['webhook', 'run'] as const) {
    const value = firstString(query[key]);
    if (value) {
      const normalized = normalizeUuid(value);
      if (normalized) {
        filters[key] = normalized;
      } else {
        errors[key] = [MESSAGES.invalidUuid];
      }
    }
  }
  if (Object.keys(errors).length) {
    throw new ValidationError(errors);
  }
  return filters;
}
