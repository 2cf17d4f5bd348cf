import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticationError, CommandError } from '../common/errors';
import { ApiToken } from './api-token.entity';
import { generateApiKey, hashApiKey, keyMatchesHash, keyPrefix } from './api-keys';
import { User } from './user.entity';

export interface CreatedUser {
  user: User;
  /** The plain key: shown once, never stored. */
  apiKey: string | null;
}

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createUser(
    username: string,
    options: { generateApiKey: boolean; admin?: boolean; superuser?: boolean },
  ): Promise<CreatedUser> {
    const name = username.trim();
    if (!/^[\w.@+-]{1,150}$/.test(name)) {
      throw new CommandError(
        'Enter a valid username: up to 150 letters, digits and @/./+/-/_ characters.',
      );
    }
    return this.db.transaction(async (tx) => {
      if (await tx.getRepository(User).existsBy({ username: name })) {
        throw new CommandError('That username is already taken.');
      }
      const user = await tx.getRepository(User).save({
        username: name,
        is_active: true,
        is_staff: Boolean(options.admin || options.superuser),
        is_superuser: Boolean(options.superuser),
        created_date: new Date(),
      });
      const apiKey = options.generateApiKey ? await this.storeNewKey(tx.getRepository(ApiToken), user.id) : null;
      return { user, apiKey };
    });
  }

  /** Replace the user's key with a new one and return it. */
  async regenerateApiKey(username: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const user = await tx.getRepository(User).findOneBy({ username });
      if (!user) {
        throw new CommandError(`User ${username} does not exist.`);
      }
      await tx.getRepository(ApiToken).delete({ user_id: user.id });
      return this.storeNewKey(tx.getRepository(ApiToken), user.id);
    });
  }

  /** The user a key belongs to; throws the DRF 401 messages otherwise. */
  async authenticate(key: string): Promise<User> {
    const token = await this.db.getRepository(ApiToken).findOne({
      where: { prefix: keyPrefix(key) },
      relations: { user: true },
    });
    if (!token?.user || !keyMatchesHash(key, token.key_hash)) {
      throw new AuthenticationError('Invalid token.');
    }
    if (!token.user.is_active) {
      throw new AuthenticationError('User inactive or deleted.');
    }
    return token.user;
  }

  private async storeNewKey(tokens: ReturnType<DataSource['getRepository']>, userId: number): Promise<string> {
    // A prefix collision among 2^32 values is unlikely but possible: draw again.
    for (;;) {
      const key = generateApiKey();
      if (!(await tokens.existsBy({ prefix: keyPrefix(key) }))) {
        await tokens.save({ user_id: userId, prefix: keyPrefix(key), key_hash: hashApiKey(key), created_date: new Date() });
        return key;
      }
    }
  }
}
