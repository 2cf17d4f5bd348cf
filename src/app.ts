import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import * as express from 'express';
import { AppModule, type AppOptions } from './app.module';
import { authenticate } from './auth/auth.middleware';
import { UsersService } from './auth/users.service';
import { expressErrorHandler } from './common/http-errors';
import { accessLog } from './common/access-log';
import { requestId } from './common/request-context';
import { registerRouteTable } from './common/routes';
import type { Config } from './config/config';

/**
 * Build the HTTP application (not listening yet): the API, its OpenAPI document at
 * /api/schema/ and Swagger UI at /api/swagger/. main.ts and the tests both use it.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    logger: config.logLevel === 'debug' ? ['error', 'warn', 'log', 'debug'] : config.logLevel === 'info' ? ['error', 'warn', 'log'] : ['error', 'warn'],
    abortOnError: false,
  });
  const logger = new Logger('http');
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(accessLog(logger));
  app.use(authenticate(app.get(UsersService), config.requireAuthentication));
  app.use(express.json({ limit: '20mb', strict: false }));
  app.use(express.urlencoded({ extended: false, limit: '20mb' }));
  app.use(expressErrorHandler(logger));
  setUpOpenApi(app, config);
  await app.init();
  registerRouteTable(app.getHttpAdapter().getInstance());
  return app;
}

function setUpOpenApi(app: INestApplication, config: Config): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Scanloom API')
      .setDescription("Software composition analysis. Compatible with ScanCode.io's REST API.")
      .setVersion(config.version)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <key>' }, 'token')
      .addSecurityRequirements('token')
      .build(),
  );
  SwaggerModule.setup('api/swagger', app, document, {
    jsonDocumentUrl: 'api/schema',
    yamlDocumentUrl: 'api/schema.yaml',
    useGlobalPrefix: false,
  });
}
