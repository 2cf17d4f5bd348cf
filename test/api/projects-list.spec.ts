import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';

describeWithDb('project list: filters and pagination', () => {
  let t: TestApp;
  const api = () => request(t.url);
  const names = (body: { results: { name: string }[] }) => body.results.map((p) => p.name);

  beforeAll(async () => {
    t = await startTestApp({ SCANLOOM_PAGE_SIZE: '3', SCANLOOM_MAX_PAGE_SIZE: '5' });
    const projects = [
      { name: 'Alpha Core', labels: ['Legal Review'] },
      { name: 'alpha-tools' },
      { name: 'beta core', labels: ['legal review', 'nightly'] },
      { name: 'Gamma' },
      { name: 'delta core' },
      { name: 'epsilon' },
      { name: 'zeta-core-alpha' },
    ];
    for (const body of projects) {
      await api().post('/api/projects/').send(body).expect(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists newest first in pages of SCANLOOM_PAGE_SIZE with absolute next/previous links', async () => {
    const first = await api().get('/api/projects/').expect(200);
    expect(first.body.count).toBe(7);
    expect(names(first.body)).toEqual(['zeta-core-alpha', 'epsilon', 'delta core']);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${t.url}/api/projects/?page=2`);
    const second = await api().get('/api/projects/?page=2').expect(200);
    expect(names(second.body)).toEqual(['Gamma', 'beta core', 'alpha-tools']);
    expect(second.body.previous).toBe(`${t.url}/api/projects/`);
    const last = await api().get('/api/projects/?page=last').expect(200);
    expect(names(last.body)).toEqual(['Alpha Core']);
    expect(last.body.next).toBeNull();
  });

  it('takes page_size and per_page up to SCANLOOM_MAX_PAGE_SIZE', async () => {
    expect(names((await api().get('/api/projects/?page_size=2').expect(200)).body)).toHaveLength(2);
    expect(names((await api().get('/api/projects/?per_page=4').expect(200)).body)).toHaveLength(4);
    const capped = await api().get('/api/projects/?page_size=500').expect(200);
    expect(capped.body.results).toHaveLength(5);
    expect(capped.body.next).toBe(`${t.url}/api/projects/?page_size=500&page=2`);
  });

  it.each(['99', '0', 'abc', '-1'])('answers page=%s with 404 Invalid page.', async (page) => {
    const res = await api().get(`/api/projects/?page=${page}`).expect(404);
    expect(res.body).toEqual({ detail: 'Invalid page.' });
  });

  it.each([
    ['name=Gamma', ['Gamma']],
    ['name=gamma', []],
    ['name__contains=core', ['zeta-core-alpha', 'delta core', 'beta core']],
    ['name__contains=Core', ['Alpha Core']],
    ['name__startswith=alpha', ['alpha-tools']],
    ['name__endswith=core', ['delta core', 'beta core']],
    ['names=Gamma, epsilon', ['epsilon', 'Gamma']],
    ['names=tools,Alpha', ['alpha-tools', 'Alpha Core']],
    ['label=legal-review', ['beta core', 'Alpha Core']],
    ['label=nightly', ['beta core']],
    ['is_archived=false&page_size=5', ['zeta-core-alpha', 'epsilon', 'delta core', 'Gamma', 'beta core']],
    ['is_archived=true', []],
    ['is_archived=1&page_size=1', ['zeta-core-alpha']],
    ['unknown=ignored&name=Gamma', ['Gamma']],
  ])('filters %s', async (query, expected) => {
    const res = await api().get(`/api/projects/?${query}`).expect(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('filters by uuid, and refuses a malformed one with a field error', async () => {
    const all = await api().get('/api/projects/?name=epsilon').expect(200);
    const uuid = all.body.results[0].uuid as string;
    expect(names((await api().get(`/api/projects/?uuid=${uuid}`).expect(200)).body)).toEqual(['epsilon']);
    const bad = await api().get('/api/projects/?uuid=nope').expect(400);
    expect(bad.body).toEqual({ uuid: ['Enter a valid UUID.'] });
  });
});
