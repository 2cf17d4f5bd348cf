import * as fs from 'node:fs';
import request from 'supertest';
import { UsersService } from '../../src/auth/users.service';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, TEST_DB } from '../support/db';

describeWithDb('Token authentication', () => {
  describe('with SCANLOOM_REQUIRE_AUTHENTICATION=true', () => {
    let t: TestApp;
    let key: string;
    beforeAll(async () => {
      t = await startTestApp({ SCANLOOM_REQUIRE_AUTHENTICATION: 'true' });
      key = (await t.app.get(UsersService).createUser('alice', { generateApiKey: true })).apiKey!;
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses a request without credentials, naming the scheme', async () => {
      const res = await request(t.url).get('/api/projects/').expect(401);
      expect(res.body).toEqual({ detail: 'Authentication credentials were not provided.' });
      expect(res.headers['www-authenticate']).toBe('Token');
    });

    it('protects the OpenAPI pages too', async () => {
      await request(t.url).get('/api/schema').expect(401);
      await request(t.url).get('/api/schema').set('Authorization', `Token ${key}`).expect(200);
    });

    it('accepts the key as Token or Bearer, with any case of the keyword', async () => {
      await request(t.url).get('/api/projects/').set('Authorization', `Token ${key}`).expect(200);
      await request(t.url).get('/api/projects/').set('Authorization', `token ${key}`).expect(200);
      await request(t.url).get('/api/projects/').set('Authorization', `Bearer ${key}`).expect(200);
      const created = await request(t.url).post('/api/projects/').set('Authorization', `Token ${key}`).send({ name: 'authed' });
      expect(created.status).toBe(201);
    });

    it('treats other schemes as no credentials', async () => {
      const res = await request(t.url).get('/api/projects/').set('Authorization', `Basic ${Buffer.from('alice:x').toString('base64')}`).expect(401);
      expect(res.body.detail).toBe('Authentication credentials were not provided.');
    });

    it.each([
      ['Token', 'Invalid token header. No credentials provided.'],
      ['Token a b', 'Invalid token header. Token string should not contain spaces.'],
      ['Token clé', 'Invalid token header. Token string should not contain invalid characters.'],
      ['Token 0123456789abcdef', 'Invalid token.'],
    ])('answers "%s" with 401 %s', async (header, detail) => {
      const res = await request(t.url).get('/api/projects/').set('Authorization', header).expect(401);
      expect(res.body).toEqual({ detail });
    });

    it('refuses a key whose prefix matches but whose rest does not', async () => {
      const forged = key.slice(0, 8) + 'f'.repeat(56);
      const res = await request(t.url).get('/api/projects/').set('Authorization', `Token ${forged}`).expect(401);
      expect(res.body).toEqual({ detail: 'Invalid token.' });
    });

    it('refuses the key of an inactive user', async () => {
      const bob = (await t.app.get(UsersService).createUser('bob', { generateApiKey: true })).apiKey!;
      await t.db.query(`UPDATE scanloom_user SET is_active = ${TEST_DB === 'postgres' ? 'false' : '0'} WHERE username = 'bob'`);
      const res = await request(t.url).get('/api/projects/').set('Authorization', `Token ${bob}`).expect(401);
      expect(res.body).toEqual({ detail: 'User inactive or deleted.' });
    });

    it('stores keys only as a hash', async () => {
      const rows: { prefix: string; key_hash: string }[] = await t.db.query('SELECT prefix, key_hash FROM api_token');
      expect(rows.length).toBeGreaterThanOrEqual(1);
      for (const row of rows) {
        expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.key_hash).not.toContain(key);
      }
      if (t.config.database.type === 'sqlite') {
        await t.db.query('PRAGMA wal_checkpoint(FULL)');
        for (const file of [t.config.database.path, `${t.config.database.path}-wal`]) {
          if (fs.existsSync(file)) {
            const bytes = fs.readFileSync(file).toString('latin1');
            expect(bytes).toContain(key.slice(0, 8));
            expect(bytes).not.toContain(key);
            expect(bytes).not.toContain(key.slice(8));
          }
        }
      }
    });
  });

  describe('with authentication not required (the loopback default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('serves anonymous requests', async () => {
      await request(t.url).get('/api/projects/').expect(200);
    });

    it('still refuses a wrong key, as ScanCode.io does', async () => {
      const res = await request(t.url).get('/api/projects/').set('Authorization', 'Token deadbeefdeadbeef').expect(401);
      expect(res.body).toEqual({ detail: 'Invalid token.' });
    });
  });
});
