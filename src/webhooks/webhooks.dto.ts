import { ApiProperty } from '@nestjs/swagger';

export class AddWebhookDto {
  @ApiProperty({ format: 'uri', maxLength: 1024, description: 'http(s) URL that receives a POST after runs.' })
  target_url!: string;

  @ApiProperty({ required: false, default: false, description: 'Deliver after each run, not only after the last one.' })
  trigger_on_each_run?: boolean;

  @ApiProperty({ required: false, default: false, description: "Add the latest summary (output/summary-*.json) to the payload." })
  include_summary?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Add the whole JSON results to the payload.' })
  include_results?: boolean;

  @ApiProperty({ required: false, default: true })
  is_active?: boolean;

  @ApiProperty({ required: false, maxLength: 256, description: 'Signs each body: X-Scanloom-Signature: sha256=<hex HMAC-SHA256 of the body>.' })
  secret?: string;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) uuid!: string;
  @ApiProperty({ format: 'uri' }) target_url!: string;
  @ApiProperty() trigger_on_each_run!: boolean;
  @ApiProperty() include_summary!: boolean;
  @ApiProperty() include_results!: boolean;
  @ApiProperty() is_active!: boolean;
  @ApiProperty({ description: 'Whether deliveries are signed; the secret itself is never shown.' }) has_secret!: boolean;
  @ApiProperty({ format: 'date-time' }) created_date!: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) uuid!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The subscription.' }) webhook!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) run!: string | null;
  @ApiProperty({ format: 'uri' }) target_url!: string;
  @ApiProperty({ description: '1 for the first attempt; retries count up.' }) attempt!: number;
  @ApiProperty({ enum: ['pending', 'sending', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) created_date!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the attempt is (was) due.' }) scheduled_date!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sent_date!: string | null;
  @ApiProperty({ nullable: true, type: Number }) response_status_code!: number | null;
  @ApiProperty() response_text!: string;
  @ApiProperty({ description: 'Network error, timeout or refusal, when there was no answer.' }) delivery_error!: string;
  @ApiProperty() delivered!: boolean;
  @ApiProperty({ description: 'The target answered 2xx.' }) success!: boolean;
  @ApiProperty({ required: false, type: Object, description: 'Detail view only: the JSON body sent.' }) payload?: Record<string, unknown>;
}

export class RedeliverDto {
  @ApiProperty({ example: 'Webhook delivery queued.' }) status!: string;
  @ApiProperty({ type: WebhookDeliveryDto }) delivery!: WebhookDeliveryDto;
}
