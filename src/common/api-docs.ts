import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOperation, ApiProperty, ApiQuery, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export interface QueryDoc {
  name: string;
  description: string;
  type?: 'string' | 'integer' | 'boolean';
  enum?: readonly string[];
}

export interface RouteDoc {
  summary: string;
  /** Success status and body type (omitted for 204). */
  ok?: { status?: number; type?: Type<unknown>; isArray?: boolean; paginated?: boolean; description?: string };
  body?: Type<unknown>;
  consumes?: string[];
  query?: QueryDoc[];
  errors?: { status: number; description: string }[];
}

/** One decorator per route for its OpenAPI description, so controllers stay readable. */
export function ApiRoute(doc: RouteDoc): MethodDecorator & ClassDecorator {
  const decorators = [ApiOperation({ summary: doc.summary })];
  if (doc.ok) {
    const { status = 200, type, isArray, paginated, description = 'OK' } = doc.ok;
    if (paginated) {
      decorators.push(
        ...(type ? [ApiExtraModels(type)] : []),
        ApiResponse({
          status,
          description,
          schema: {
            type: 'object',
            properties: {
              count: { type: 'integer' },
              next: { type: 'string', nullable: true, format: 'uri' },
              previous: { type: 'string', nullable: true, format: 'uri' },
              results: { type: 'array', items: type ? { $ref: getSchemaPath(type) } : { type: 'object' } },
            },
          },
        }),
      );
    } else {
      decorators.push(ApiResponse({ status, description, type, isArray }));
    }
  } else {
    decorators.push(ApiResponse({ status: 204, description: 'No content' }));
  }
  if (doc.body) {
    decorators.push(ApiBody({ type: doc.body }));
  }
  if (doc.consumes) {
    decorators.push(ApiConsumes(...doc.consumes));
  }
  for (const q of doc.query ?? []) {
    decorators.push(ApiQuery({ name: q.name, description: q.description, required: false, type: q.type ?? 'string', enum: q.enum as string[] | undefined }));
  }
  for (const e of doc.errors ?? []) {
    decorators.push(ApiResponse({ status: e.status, description: e.description, type: ErrorBodyDto }));
  }
  return applyDecorators(...decorators);
}

export class ErrorBodyDto {
  @ApiProperty({ required: false, description: 'DRF framework errors (401, 404, 405, parse errors).' })
  detail?: string;

  @ApiProperty({ required: false, description: 'Business-rule errors of actions.' })
  status?: string;

  @ApiProperty({ required: false, description: 'Present on 5xx answers, to find the request in the log.' })
  request_id?: string;
}

export class StatusDto {
  @ApiProperty({ example: 'Pipeline added.' })
  status!: string;
}
