import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Run } from '../../src/runs/run.entity';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';
import { makeResources } from '../support/factories';
import { createProject } from '../support/runs';

function workDir(t: TestApp, prefix: string): string {
  const dir = fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith(prefix));
  if (!dir) {
    throw new Error(`no work directory starting with ${prefix}`);
  }
  return path.join(t.workspace, 'projects', dir);
}

describeWithDb('inputs: add_input, upload limits and file_content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SCANLOOM_MAX_UPLOAD_SIZE: '4096' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('adds uploads and URLs until a run starts', async () => {
    const { uuid } = await createProject(t, { name: 'add inputs', input_urls: ['https://example.com/a.zip'] });
    const help = await request(t.url).get(`/api/projects/${uuid}/add_input/`).expect(400);
    expect(help.body).toEqual({ status: 'upload_file or input_urls required.' });
    const upload = await request(t.url)
      .post(`/api/projects/${uuid}/add_input/`)
      .field('upload_file_tag', 'docs')
      .attach('upload_file', Buffer.from('hello'), 'readme.txt')
      .expect(201);
    expect(upload.body).toEqual({ status: 'Input(s) added.' });
    await request(t.url).post(`/api/projects/${uuid}/add_input/`).attach('upload_file', Buffer.from('again'), 'readme.txt').expect(201);
    await request(t.url).post(`/api/projects/${uuid}/add_input/`).send({ input_urls: ['https://example.com/b.tgz#v2 https://example.com/c.tgz'] }).expect(201);
    await request(t.url).post(`/api/projects/${uuid}/add_input/`).type('form').send('input_urls=https://example.com/d.tgz').expect(201);
    const detail = await request(t.url).get(`/api/projects/${uuid}/`).expect(200);
    expect(detail.body.input_sources.map((i: { filename: string; download_url: string; tag: string }) => [i.filename || i.download_url, i.tag])).toEqual([
      ['https://example.com/a.zip', ''],
      ['readme.txt', 'docs'],
      ['readme_1.txt', ''],
      ['https://example.com/b.tgz#v2', 'v2'],
      ['https://example.com/c.tgz', ''],
      ['https://example.com/d.tgz', ''],
    ]);
    expect(fs.readFileSync(path.join(workDir(t, 'add-inputs-'), 'input', 'readme_1.txt'), 'utf8')).toBe('again');

    const refused = await request(t.url).post(`/api/projects/${uuid}/add_input/`).send({ input_urls: 'https://example.com/e.tgz' }).expect(400);
    expect(refused.body).toEqual({ input_urls: ['Expected a list of items but got type "str".'] });

    await t.db.getRepository(Run).insert({
      uuid: '21111111-2222-4333-8444-555555555555', project_uuid: uuid, pipeline_name: 'scan_codebase', created_date: new Date(),
      task_id: '21111111-2222-4333-8444-555555555555', task_start_date: new Date(), selected_groups: null, selected_steps: null,
    });
    const frozen = await request(t.url).post(`/api/projects/${uuid}/add_input/`).send({ input_urls: ['https://example.com/f.tgz'] }).expect(400);
    expect(frozen.body).toEqual({ status: 'Cannot add inputs once a pipeline has started to execute.' });
  });

  it('refuses an upload over SCANLOOM_MAX_UPLOAD_SIZE with 413, storing nothing', async () => {
    const res = await request(t.url).post('/api/projects/').field('name', 'too big').attach('upload_file', Buffer.alloc(8192, 1), 'big.bin').expect(413);
    expect(res.body).toEqual({ detail: 'File too large: uploads are limited by SCANLOOM_MAX_UPLOAD_SIZE.' });
    expect((await request(t.url).get('/api/projects/?name=too big').expect(200)).body.count).toBe(0);
    expect(fs.readdirSync(path.join(t.workspace, 'tmp', 'uploads'))).toEqual([]);
  });

  it('serves file_content for resources of the codebase only', async () => {
    const { uuid } = await createProject(t, { name: 'contents' });
    const codebase = path.join(workDir(t, 'contents-'), 'codebase');
    fs.mkdirSync(path.join(codebase, 'src'));
    fs.writeFileSync(path.join(codebase, 'src', 'main.c'), 'int main(void) { return 0; }\n');
    fs.writeFileSync(path.join(codebase, 'tool.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('GNU C Library'), Buffer.from([0, 0, 255]), Buffer.from('ab')]));
    fs.symlinkSync('/etc/passwd', path.join(codebase, 'escape'));
    await makeResources(t.db, uuid, [
      { path: 'src', type: 'directory' },
      { path: 'src/main.c', is_text: true },
      { path: 'tool.bin', is_binary: true },
      { path: 'escape', type: 'symlink' },
      { path: 'gone.txt' },
    ]);
    const text = await request(t.url).get(`/api/projects/${uuid}/file_content/?path=src/main.c`).expect(200);
    expect(text.body).toEqual({ file_content: 'int main(void) { return 0; }\n' });
    const binary = await request(t.url).get(`/api/projects/${uuid}/file_content/?path=tool.bin`).expect(200);
    expect(binary.body).toEqual({ file_content: 'GNU C Library' });
    for (const [query, status] of [
      ['path=../../../../etc/passwd', 'Resource not found. Use ?path=<resource_path>'],
      ['', 'Resource not found. Use ?path=<resource_path>'],
      ['path=src', 'Resource not found. Use ?path=<resource_path>'],
      ['path=escape', 'File not available'],
      ['path=gone.txt', 'File not available'],
    ]) {
      const res = await request(t.url).get(`/api/projects/${uuid}/file_content/?${query}`).expect(400);
      expect(res.body).toEqual({ status });
    }
  });
});
