import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { TEST_DB } from '../support/db';

// The design names the `sqlite3` driver: keep it working beside better-sqlite3.
(TEST_DB === 'sqlite' ? describe : describe.skip)('the sqlite3 driver', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SCANLOOM_SQLITE_DRIVER: 'sqlite3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the projects API', async () => {
    expect(t.db.options.type).toBe('sqlite');
    const created = await request(t.url).post('/api/projects/').send({ name: 'on sqlite3', labels: ['x'] }).expect(201);
    const list = await request(t.url).get('/api/projects/?label=x').expect(200);
    expect(list.body.results.map((p: { uuid: string }) => p.uuid)).toEqual([created.body.uuid]);
    await request(t.url).delete(`/api/projects/${created.body.uuid}/`).expect(204);
  });
});
