import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';

describeWithDb('unexpected errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answer 500 with a generic message and the request id, never the cause', async () => {
    await request(t.url).post('/api/projects/').send({ name: 'before the break' }).expect(201);
    await t.db.query('DROP TABLE project_label');
    const res = await request(t.url).get('/api/projects/').set('X-Request-Id', 'req-500').expect(500);
    expect(res.body).toEqual({ detail: 'A server error occurred.', request_id: 'req-500' });
    expect(res.text).not.toMatch(/project_label|SQL|Error:/i);
  });

  it('answer an unknown route with DRF 404', async () => {
    const res = await request(t.url).get('/api/nothing-here/').expect(404);
    expect(res.body).toEqual({ detail: 'Not found.' });
  });
});
