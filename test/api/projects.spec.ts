import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { InputSource } from '../../src/inputs/input-source.entity';
import { Run } from '../../src/runs/run.entity';
import { WebhookSubscription } from '../../src/webhooks/webhook-subscription.entity';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';

const LIST_KEYS = ['name', 'url', 'uuid', 'purl', 'created_date', 'is_archived', 'notes', 'labels', 'input_sources', 'runs'];
const DETAIL_KEYS = [
  'name', 'url', 'uuid', 'purl', 'created_date', 'is_archived', 'notes', 'labels', 'settings', 'input_sources',
  'input_root', 'output_root', 'next_run', 'runs', 'extra_data', 'message_count', 'resource_count', 'package_count',
  'dependency_count', 'relation_count', 'codebase_resources_summary', 'discovered_packages_summary',
  'discovered_dependencies_summary', 'codebase_relations_summary', 'results_url', 'summary_url',
];

describeWithDb('projects API', () => {
  let t: TestApp;
  const api = () => request(t.url);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await api().post('/api/projects/').send(body);
    expect(res.status).toBe(201);
    return res.body as { uuid: string; url: string; name: string } & Record<string, unknown>;
  };

  it('answers the API root with the absolute projects URL', async () => {
    const res = await api().get('/api/').expect(200);
    expect(res.body).toEqual({ projects: `${t.url}/api/projects/` });
  });

  describe('create', () => {
    it('creates a project from JSON and answers the list shape, with its workspace folders', async () => {
      const body = await create({
        name: '  lodash  ',
        notes: 'release audit',
        labels: ['Legal Review', 'alpha'],
        settings: { ignored_patterns: ['tests/*'] },
        input_urls: 'https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz#npm https://example.com/b.zip',
      });
      expect(Object.keys(body)).toEqual(LIST_KEYS);
      expect(body.name).toBe('lodash');
      expect(body.url).toBe(`${t.url}/api/projects/${body.uuid}/`);
      expect(body.labels).toEqual(['Legal Review', 'alpha']);
      expect(body.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(body.input_sources).toEqual([
        expect.objectContaining({ download_url: 'https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz#npm', tag: 'npm', is_uploaded: false, exists: false, filename: '' }),
        expect.objectContaining({ download_url: 'https://example.com/b.zip', tag: '' }),
      ]);
      const detail = await api().get(`/api/projects/${body.uuid}/`).expect(200);
      expect(detail.body.settings).toEqual({ ignored_patterns: ['tests/*'] });
      const slugDir = fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith(`lodash-${body.uuid.slice(0, 8)}`));
      expect(slugDir).toBeDefined();
      expect(fs.readdirSync(path.join(t.workspace, 'projects', slugDir!)).sort()).toEqual(['codebase', 'input', 'output', 'tmp']);
    });

    it('accepts multipart bodies: uploaded files, repeated labels and JSON settings', async () => {
      const res = await api()
        .post('/api/projects/')
        .field('name', 'multipart upload')
        .field('labels', 'one')
        .field('labels', 'two')
        .field('settings', JSON.stringify({ product_name: 'Widget' }))
        .field('upload_file_tag', 'sources')
        .attach('upload_file', Buffer.from('first'), 'notes.txt')
        .attach('upload_file', Buffer.from('second'), 'notes.txt')
        .expect(201);
      expect(res.body.labels).toEqual(['one', 'two']);
      expect(res.body.input_sources.map((i: { filename: string }) => i.filename)).toEqual(['notes.txt', 'notes_1.txt']);
      expect(res.body.input_sources.every((i: { is_uploaded: boolean; exists: boolean; tag: string }) => i.is_uploaded && i.exists && i.tag === 'sources')).toBe(true);
      const detail = await api().get(`/api/projects/${res.body.uuid}/`).expect(200);
      expect(detail.body.input_root).toEqual(['notes.txt', 'notes_1.txt']);
      expect(detail.body.settings).toEqual({ product_name: 'Widget' });
      const inputDir = path.join(t.workspace, 'projects', fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith('multipart-upload-'))!, 'input');
      expect(fs.readFileSync(path.join(inputDir, 'notes.txt'), 'utf8')).toBe('first');
      expect(fs.readFileSync(path.join(inputDir, 'notes_1.txt'), 'utf8')).toBe('second');
    });

    it('keeps an uploaded file inside input/ whatever its name says', async () => {
      const res = await api().post('/api/projects/').field('name', 'traversal upload').attach('upload_file', Buffer.from('x'), '../../../escape.txt').expect(201);
      expect(res.body.input_sources[0].filename).toBe('escape.txt');
      expect(fs.existsSync(path.join(t.workspace, 'escape.txt'))).toBe(false);
    });

    it('accepts form-urlencoded bodies', async () => {
      const res = await api().post('/api/projects/').type('form').send('name=form+project&labels=x&labels=y&notes=n').expect(201);
      expect(res.body).toMatchObject({ name: 'form project', labels: ['x', 'y'], notes: 'n' });
    });

    it.each([
      [{}, { name: ['This field is required.'] }],
      [{ name: '   ' }, { name: ['This field may not be blank.'] }],
      [{ name: 'x'.repeat(101) }, { name: ['Ensure this field has no more than 100 characters.'] }],
      [{ name: 'p', pipeline: 'not_a_pipeline' }, { pipeline: ['"not_a_pipeline" is not a valid choice.'] }],
      [{ name: 'p', settings: 'not json' }, { settings: ['Value must be valid JSON.'] }],
      [{ name: 'p', webhooks: [{ target_url: 'not a url' }, { target_url: 'https://ci.example/hook' }] }, { webhooks: [{ target_url: ['Enter a valid URL.'] }, {}] }],
      [{ name: 'p', webhooks: [{}] }, { webhooks: [{ target_url: ['This field is required.'] }] }],
    ])('refuses %j with DRF field errors', async (body, errors) => {
      const res = await api().post('/api/projects/').send(body).expect(400);
      expect(res.body).toEqual(errors);
    });

    it('refuses a duplicate name and stores nothing more', async () => {
      await create({ name: 'unique-name' });
      const before = (await api().get('/api/projects/?name=unique-name').expect(200)).body.count;
      const res = await api().post('/api/projects/').send({ name: 'unique-name' }).expect(400);
      expect(res.body).toEqual({ name: ['project with this name already exists.'] });
      expect((await api().get('/api/projects/?name=unique-name').expect(200)).body.count).toBe(before);
    });

    it('answers a JSON syntax error with a DRF parse error', async () => {
      const res = await api().post('/api/projects/').set('content-type', 'application/json').send('{"name": ').expect(400);
      expect(res.body.detail).toMatch(/^JSON parse error - /);
    });

    it('stores webhook subscriptions given at creation', async () => {
      const body = await create({ name: 'hooked', webhook_url: 'https://hooks.example/a', webhooks: [{ target_url: 'https://hooks.example/b', include_summary: true }] });
      const rows = await t.db.getRepository(WebhookSubscription).find({ where: { project_uuid: body.uuid }, order: { target_url: 'ASC' } });
      expect(rows.map((r) => [r.target_url, r.include_summary, r.is_active])).toEqual([
        ['https://hooks.example/a', false, true],
        ['https://hooks.example/b', true, true],
      ]);
    });
  });

  describe('detail and delete', () => {
    it('shows the detail shape with zero counts and empty summaries', async () => {
      const { uuid } = await create({ name: 'detail shape' });
      const res = await api().get(`/api/projects/${uuid}/`).expect(200);
      expect(Object.keys(res.body)).toEqual(DETAIL_KEYS);
      expect(res.body).toMatchObject({
        next_run: null,
        resource_count: 0,
        codebase_resources_summary: {},
        discovered_packages_summary: { total: 0, with_missing_resources: 0, with_modified_resources: 0 },
        discovered_dependencies_summary: { total: 0, is_runtime: 0, is_optional: 0, is_pinned: 0 },
        codebase_relations_summary: {},
        results_url: `${t.url}/api/projects/${uuid}/results/`,
        summary_url: `${t.url}/api/projects/${uuid}/summary/`,
      });
    });

    it('answers 404 for an unknown or malformed uuid', async () => {
      const unknown = await api().get('/api/projects/0b9c6f1e-1111-4222-8333-944455556666/').expect(404);
      expect(unknown.body).toEqual({ detail: 'No Project matches the given query.' });
      const malformed = await api().get('/api/projects/not-a-uuid/').expect(404);
      expect(malformed.body).toEqual({ detail: 'Not found.' });
    });

    it.each(['patch', 'put'] as const)('refuses %s with 405', async (method) => {
      const { uuid } = await create({ name: `no ${method}` });
      const res = await api()[method](`/api/projects/${uuid}/`).send({ name: 'renamed' }).expect(405);
      expect(res.body).toEqual({ detail: `Method "${method.toUpperCase()}" not allowed.` });
    });

    it('deletes the project rows and its work directory', async () => {
      const res = await api().post('/api/projects/').field('name', 'to delete').attach('upload_file', Buffer.from('data'), 'a.txt').expect(201);
      const dirs = () => fs.readdirSync(path.join(t.workspace, 'projects')).filter((d) => d.startsWith('to-delete-'));
      expect(dirs()).toHaveLength(1);
      await api().delete(`/api/projects/${res.body.uuid}/`).expect(204);
      expect(dirs()).toHaveLength(0);
      await api().get(`/api/projects/${res.body.uuid}/`).expect(404);
      expect(await t.db.getRepository(InputSource).countBy({ project_uuid: res.body.uuid })).toBe(0);
    });

    it('refuses to delete a project while a run is in progress', async () => {
      const { uuid } = await create({ name: 'busy project' });
      await t.db.getRepository(Run).insert({
        uuid: '11111111-2222-4333-8444-555555555555', project_uuid: uuid, pipeline_name: 'scan_codebase', created_date: new Date(),
        task_id: '11111111-2222-4333-8444-555555555555', task_start_date: new Date(), selected_groups: null, selected_steps: null,
      });
      const res = await api().delete(`/api/projects/${uuid}/`).expect(400);
      expect(res.body).toEqual({ status: 'Cannot delete project while a run is in progress.' });
      const detail = await api().get(`/api/projects/${uuid}/`).expect(200);
      expect(detail.body.runs[0]).toMatchObject({ status: 'running', pipeline_name: 'scan_codebase' });
    });
  });

  it('echoes an incoming X-Request-Id and makes one otherwise', async () => {
    const echoed = await api().get('/api/').set('X-Request-Id', 'trace-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const made = await api().get('/api/').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const schema = await api().get('/api/schema').expect(200);
    expect(schema.body.openapi).toMatch(/^3\./);
    expect(Object.keys(schema.body.paths)).toEqual(expect.arrayContaining(['/api/projects', '/api/projects/{uuid}']));
    expect(schema.body.paths['/api/projects'].post.requestBody.content).toHaveProperty('multipart/form-data');
    expect(schema.body.components.schemas).toHaveProperty('ProjectDetailDto');
    const ui = await api().get('/api/swagger/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
