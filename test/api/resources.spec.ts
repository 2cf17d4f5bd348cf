import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CodebaseRelation } from '../../src/results/codebase-relation.entity';
import { CodebaseResource } from '../../src/results/codebase-resource.entity';
import { insertRows } from '../../src/db/sql';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb } from '../support/db';
import { makeMessage, makePackage, makeResources } from '../support/factories';
import { createProject } from '../support/runs';

const RESOURCE_KEYS = [
  'path', 'type', 'name', 'status', 'for_packages', 'tag', 'extension', 'size', 'mime_type', 'file_type',
  'programming_language', 'detected_license_expression', 'detected_license_expression_spdx', 'license_detections',
  'license_clues', 'percentage_of_license_text', 'compliance_alert', 'copyrights', 'holders', 'authors', 'package_data',
  'emails', 'urls', 'md5', 'sha1', 'sha256', 'sha512', 'sha1_git', 'is_binary', 'is_text', 'is_archive', 'is_media',
  'is_legal', 'is_manifest', 'is_readme', 'is_top_level', 'is_key_file', 'extra_data',
];

describeWithDb('resources and messages lists', () => {
  let t: TestApp;
  let uuid: string;
  const paths = async (query: string): Promise<string[]> => {
    const res = await request(t.url).get(`/api/projects/${uuid}/resources/?page_size=100&${query}`).expect(200);
    return (res.body.results as { path: string }[]).map((r) => r.path);
  };

  beforeAll(async () => {
    t = await startTestApp({ SCANLOOM_MAX_PAGE_SIZE: '100' });
    uuid = (await createProject(t, { name: 'with resources' })).uuid;
    await makeResources(t.db, uuid, [
      { path: 'pkg', type: 'directory', parent_path: '' },
      { path: 'pkg/LICENSE', size: 1075, status: 'scanned', is_legal: true, is_text: true, detected_license_expression: 'mit', copyrights: [{ copyright: 'Copyright (c) Jane Doe', start_line: 1, end_line: 1 }] },
      { path: 'pkg/package.json', size: 512, status: 'application-package', is_manifest: true, programming_language: 'JavaScript', extra_data: { Note: 'Main Manifest' } },
      { path: 'pkg/lib/index.js', size: 20480, status: 'scanned', programming_language: 'JavaScript', compliance_alert: 'warning' },
      { path: 'pkg/lib/util.js', size: 0, status: 'ignored-empty-file', programming_language: 'JavaScript' },
      { path: 'pkg/logo.png', size: 5000, is_binary: true, is_media: true, mime_type: 'image/png', tag: 'assets' },
      { path: 'pkg/link', type: 'symlink', status: 'symlink' },
    ]);
    await makePackage(t.db, uuid, { type: 'npm', name: 'demo', version: '1.0.0', package_uid: 'pkg:npm/demo@1.0.0?uuid=1234' }, ['pkg/package.json', 'pkg/lib/index.js']);
    await makeMessage(t.db, uuid, { severity: 'error', description: 'Cannot extract broken.zip', model: 'extract_archives', traceback: 'line 1\nline 2', created_date: new Date(Date.now() - 1000) });
    await makeMessage(t.db, uuid, { severity: 'warning', description: 'Large file skipped', model: 'scan_for_files' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves resources in path order with ScanCode.io keys and for_packages', async () => {
    const res = await request(t.url).get(`/api/projects/${uuid}/resources/`).expect(200);
    expect(res.body.count).toBe(7);
    expect(res.body.results.map((r: { path: string }) => r.path)).toEqual(['pkg', 'pkg/LICENSE', 'pkg/lib/index.js', 'pkg/lib/util.js', 'pkg/link', 'pkg/logo.png', 'pkg/package.json']);
    expect(Object.keys(res.body.results[0])).toEqual(RESOURCE_KEYS);
    const manifest = res.body.results.find((r: { path: string }) => r.path === 'pkg/package.json');
    expect(manifest).toMatchObject({ for_packages: ['pkg:npm/demo@1.0.0?uuid=1234'], is_manifest: true, size: 512, name: 'package.json', extension: '.json' });
  });

  it.each([
    ['type=directory', ['pkg']],
    ['type=symlink', ['pkg/link']],
    ['status=scanned', ['pkg/LICENSE', 'pkg/lib/index.js']],
    ['status=any&programming_language=JavaScript', ['pkg/lib/index.js', 'pkg/lib/util.js', 'pkg/package.json']],
    ['size=512', ['pkg/package.json']],
    ['is_binary=true', ['pkg/logo.png']],
    ['is_legal=True&is_text=true', ['pkg/LICENSE']],
    ['is_binary=maybe&extension=.png', ['pkg/logo.png']],
    ['tag=assets', ['pkg/logo.png']],
    ['mime_type=_ANY_', ['pkg/logo.png']],
    ['programming_language=_EMPTY_&type=file', ['pkg/LICENSE', 'pkg/logo.png']],
    ['copyrights=Jane Doe', ['pkg/LICENSE']],
    ['copyrights=jane doe', []],
    ['extra_data=main manifest', ['pkg/package.json']],
    ['in_package=true', ['pkg/lib/index.js', 'pkg/package.json']],
    ['compliance_alert=warning', ['pkg/lib/index.js']],
    ['detected_license_expression=mit', ['pkg/LICENSE']],
    ['relation_map_type=none&type=directory', ['pkg']],
  ])('filters %s', async (query, expected) => {
    expect(await paths(query)).toEqual(expected);
  });

  it.each([
    ['size=big', { size: ['Enter a number.'] }],
    ['status=unknown-status', { status: ['Select a valid choice. unknown-status is not one of the available choices.'] }],
    ['type=socket', { type: ['Select a valid choice. socket is not one of the available choices.'] }],
    ['sort=colour', { sort: ['Select a valid choice. colour is not one of the available choices.'] }],
    ['search="unbalanced', { search: ['No closing quotation'] }],
  ])('refuses %s with a 400 errors body', async (query, errors) => {
    const res = await request(t.url).get(`/api/projects/${uuid}/resources/?${query}`).expect(400);
    expect(res.body).toEqual({ errors });
  });

  it.each([
    ['search=lib', ['pkg/lib/index.js', 'pkg/lib/util.js']],
    ['search=LIB util', ['pkg/lib/index.js', 'pkg/lib/util.js']],
    ['search=name:index', ['pkg/lib/index.js']],
    ['search=name^:pack', ['pkg/package.json']],
    ['search=path$:.js', ['pkg/lib/index.js', 'pkg/lib/util.js']],
    ['search=name=:LICENSE', ['pkg/LICENSE']],
    ['search=size>:1000 -name:logo.png', ['pkg/LICENSE', 'pkg/lib/index.js']],
    ['search=size<:600 type:file', ['pkg/lib/util.js', 'pkg/package.json']],
    ['search="pkg/lib/index.js"', ['pkg/lib/index.js']],
    ['search=colour:red', []],
  ])('searches %s', async (query, expected) => {
    expect(await paths(encodeURI(query).replace(/\+/g, '%2B'))).toEqual(expected);
  });

  it('sorts by several keys, descending with a minus', async () => {
    expect(await paths('sort=-size,path&type=file')).toEqual(['pkg/lib/index.js', 'pkg/logo.png', 'pkg/LICENSE', 'pkg/package.json', 'pkg/lib/util.js']);
    expect(await paths('sort=programming_language,-path&type=file')).toEqual(['pkg/logo.png', 'pkg/LICENSE', 'pkg/package.json', 'pkg/lib/util.js', 'pkg/lib/index.js']);
  });

  it('pages by keyset cursor in the same order as page numbers', async () => {
    const byPage: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await request(t.url).get(`/api/projects/${uuid}/resources/?page_size=3&sort=-size&page=${page}`).expect(200);
      byPage.push(...res.body.results.map((r: { path: string }) => r.path));
    }
    const byCursor: string[] = [];
    let next: string | null = `/api/projects/${uuid}/resources/?page_size=3&sort=-size&cursor=`;
    let pages = 0;
    while (next) {
      const res: request.Response = await request(t.url).get(next.replace(t.url, '')).expect(200);
      expect(res.body).not.toHaveProperty('count');
      byCursor.push(...res.body.results.map((r: { path: string }) => r.path));
      next = res.body.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(byCursor).toEqual(byPage);
    expect(byCursor).toHaveLength(7);
    await request(t.url).get(`/api/projects/${uuid}/resources/?cursor=garbage`).expect(404);
  });

  it('sorts by the relations a resource is the target of, and pages those sorts by cursor', async () => {
    const ids = new Map((await t.db.getRepository(CodebaseResource).find({ where: { project_uuid: uuid } })).map((r) => [r.path, r.id]));
    const relate = (from: string, to: string, map_type: string) =>
      Object.assign(new CodebaseRelation(), { uuid: randomUUID(), project_uuid: uuid, from_resource_id: ids.get(from)!, to_resource_id: ids.get(to)!, map_type, extra_data: {} });
    await insertRows(t.db.manager, CodebaseRelation, [
      relate('pkg/LICENSE', 'pkg/lib/util.js', 'sha1'),
      relate('pkg/package.json', 'pkg/lib/index.js', 'path'),
      relate('pkg/logo.png', 'pkg/lib/index.js', 'sha1'),
    ]);
    // Resources without relations sort first (''), then by their smallest map type / from path.
    expect((await paths('sort=related_from__map_type,path&type=file')).slice(-2)).toEqual(['pkg/lib/index.js', 'pkg/lib/util.js']);
    // index.js comes from pkg/logo.png (and pkg/package.json), util.js from pkg/LICENSE.
    expect((await paths('sort=-related_from__from_resource__path&type=file')).slice(0, 2)).toEqual(['pkg/lib/index.js', 'pkg/lib/util.js']);
    const all = await paths('sort=related_from__map_type');
    const byCursor: string[] = [];
    let next: string | null = `/api/projects/${uuid}/resources/?page_size=2&sort=related_from__map_type&cursor=`;
    while (next) {
      const res: request.Response = await request(t.url).get(next.replace(t.url, '')).expect(200);
      byCursor.push(...res.body.results.map((r: { path: string }) => r.path));
      next = res.body.next;
    }
    expect(byCursor).toEqual(all);
    expect(await paths('relation_map_type=sha1')).toEqual(['pkg/lib/index.js', 'pkg/lib/util.js']);
    await t.db.getRepository(CodebaseRelation).delete({ project_uuid: uuid });
  });

  it('serves messages oldest first, filtered and searched', async () => {
    const all = await request(t.url).get(`/api/projects/${uuid}/messages/`).expect(200);
    expect(all.body.results.map((m: { description: string }) => m.description)).toEqual(['Cannot extract broken.zip', 'Large file skipped']);
    expect(Object.keys(all.body.results[0])).toEqual(['uuid', 'severity', 'description', 'model', 'details', 'traceback', 'created_date']);
    expect(all.body.results[0].traceback).toEqual(['line 1', 'line 2']);
    const warnings = await request(t.url).get(`/api/projects/${uuid}/messages/?severity=warning`).expect(200);
    expect(warnings.body.count).toBe(1);
    const searched = await request(t.url).get(`/api/projects/${uuid}/errors/?search=broken`).expect(200);
    expect(searched.body.results.map((m: { model: string }) => m.model)).toEqual(['extract_archives']);
    await request(t.url).get(`/api/projects/${uuid}/messages/?severity=fatal`).expect(400);
  });

  it('answers 404 for the lists of an unknown project', async () => {
    await request(t.url).get('/api/projects/0b9c6f1e-1111-4222-8333-944455556666/resources/').expect(404);
  });
});
