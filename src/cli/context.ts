import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule, type AppOptions } from '../app.module';
import type { Config } from '../config/config';

/** Run `work` with the application's services (database migrated), then close them. */
export async function withServices<T>(
  config: Config,
  work: (app: INestApplicationContext) => Promise<T>,
  options: AppOptions = {},
): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, options), { logger: ['error'], abortOnError: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
