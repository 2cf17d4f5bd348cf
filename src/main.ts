import { serve } from './cli/serve.command';
import { ConfigError, loadConfig } from './config/config';

/** Container entry point: start the API with the configuration from the environment. */
serve(loadConfig()).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
