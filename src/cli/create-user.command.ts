import type { Command } from 'commander';
import { UsersService } from '../auth/users.service';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { withServices } from './context';

export function registerCreateUser(program: Command, config: () => Config): void {
  program
    .command('create-user')
    .description('Create a user with an API key, printed once (only its hash is stored).')
    .argument('<username>', 'name of the new user')
    .option('--no-generate-api-key', 'create the user without an API key')
    .option('--admin', 'mark the user as staff')
    .option('--super', 'mark the user as superuser')
    .option('--regenerate-api-key', "replace an existing user's key with a new one")
    .option('--no-input', 'never prompt (accepted for compatibility; nothing prompts)')
    .option('--verbosity <level>', '0 prints nothing', '1')
    .action(async (username: string, options: { generateApiKey: boolean; admin?: boolean; super?: boolean; regenerateApiKey?: boolean; verbosity: string }) => {
      await withServices(config(), async (app) => {
        const users = app.get(UsersService);
        if (options.regenerateApiKey) {
          const key = await users.regenerateApiKey(username);
          process.stdout.write(`New API key for ${username}: ${key}\n`);
          return;
        }
        if (options.generateApiKey && options.verbosity === '0') {
          throw new CommandError('The API key is only shown once: refusing --generate-api-key with --verbosity 0.');
        }
        const { apiKey } = await users.createUser(username, {
          generateApiKey: options.generateApiKey,
          admin: options.admin,
          superuser: options.super,
        });
        if (options.verbosity !== '0') {
          process.stdout.write(`User ${username} created.\n`);
          if (apiKey) {
            process.stdout.write(`API key: ${apiKey}\nKeep it safe: it is not stored and cannot be shown again.\n`);
          }
        }
      });
    });
}
