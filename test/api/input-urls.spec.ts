import { execFileSync, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { describeWithDb, makeTempDir } from '../support/db';
import { createProject, isFinished, waitForRun, type RunBody } from '../support/runs';

interface InputSourceBody {
  filename: string;
  download_url: string;
  is_uploaded: boolean;
  tag: string;
  exists: boolean;
  uuid: string;
}

const TARBALL_FILES = { 'pkg/README.md': 'A tiny package.\n', 'pkg/index.js': 'module.exports = 42;\n' };

/** A file server on loopback with the answers downloads meet in the wild. */
function startFileServer(tarball: Buffer, repos?: string): Promise<{ server: http.Server; base: string; stalled: http.ServerResponse[] }> {
  const stalled: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (repos && url.pathname.startsWith('/repos/')) {
      return serveGit(repos, url, req, res);
    }
    switch (url.pathname) {
      case '/files/hello.txt':
        return res.end('hello world\n');
      case '/download':
        res.setHeader('content-disposition', 'attachment; filename="pkg-1.0.tgz"');
        return res.end(tarball);
      case '/download-utf8':
        res.setHeader('content-disposition', "attachment; filename*=UTF-8''na%C3%AFve%20notes.txt");
        return res.end('naive\n');
      case '/download-evil':
        res.setHeader('content-disposition', 'attachment; filename="../../../escape.sh"');
        return res.end('#!/bin/sh\n');
      case '/moved':
        res.writeHead(302, { location: '/files/hello.txt' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/to-metadata':
        res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      case '/big':
        return res.end(Buffer.alloc(5000, 1));
      case '/big-chunked':
        res.write(Buffer.alloc(3000, 1));
        return res.end(Buffer.alloc(3000, 2));
      case '/stall':
        stalled.push(res);
        return undefined;
      case '/stall-body':
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        stalled.push(res);
        return undefined;
      default:
        res.statusCode = 404;
        return res.end('not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stalled })),
  );
}

/** git's smart HTTP protocol (shallow clones need it): `git http-backend` run as a CGI program. */
function serveGit(root: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  const backend = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: url.pathname.slice('/repos'.length),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
    },
  });
  req.pipe(backend.stdin);
  const chunks: Buffer[] = [];
  backend.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  backend.on('close', () => {
    const output = Buffer.concat(chunks);
    const end = output.indexOf('\r\n\r\n');
    for (const line of output.subarray(0, end).toString().split('\r\n')) {
      const [name, ...value] = line.split(': ');
      if (name?.toLowerCase() === 'status') {
        res.statusCode = Number.parseInt(value.join(': '), 10);
      } else if (name) {
        res.setHeader(name, value.join(': '));
      }
    }
    res.end(output.subarray(end + 4));
  });
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd, stdio: 'ignore' });
}

async function detail(t: TestApp, uuid: string): Promise<{ input_sources: InputSourceBody[]; input_root: string[] }> {
  return (await request(t.url).get(`/api/projects/${uuid}/`).expect(200)).body;
}

function inputDir(t: TestApp, prefix: string): string {
  const dir = fs.readdirSync(path.join(t.workspace, 'projects')).find((d) => d.startsWith(prefix));
  return path.join(t.workspace, 'projects', dir!, 'input');
}

async function runOf(t: TestApp, body: Record<string, unknown>): Promise<{ uuid: string; run: RunBody }> {
  const created = await createProject(t, { pipeline: 'scan_codebase', execute_now: true, ...body });
  return { uuid: created.uuid, run: await waitForRun(t, created.runs[0]!.uuid, isFinished, 60_000) };
}

describeWithDb('input_urls and git repositories fetched by download_missing_inputs', () => {
  let t: TestApp;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  let repo: string;

  beforeAll(async () => {
    const src = makeTempDir();
    for (const [name, content] of Object.entries(TARBALL_FILES)) {
      fs.mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
      fs.writeFileSync(path.join(src, name), content);
    }
    execFileSync('tar', ['-czf', path.join(src, 'pkg.tgz'), '-C', src, 'pkg']);
    const repos = makeTempDir();
    files = await startFileServer(fs.readFileSync(path.join(src, 'pkg.tgz')), repos);

    repo = path.join(makeTempDir(), 'sample.git');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'README.md'), 'Sample repository.\n');
    fs.writeFileSync(path.join(repo, 'src', 'main.c'), 'int main(void) { return 0; }\n');
    fs.symlinkSync('/etc/passwd', path.join(repo, 'escape'));
    git(repo, 'init', '--quiet');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'first');
    git(repos, 'clone', '--quiet', '--bare', repo, 'served.git');

    t = await startTestApp({
      SCANLOOM_ALLOW_PRIVATE_URLS: 'true',
      SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS: '1',
      SCANLOOM_MAX_DOWNLOAD_SIZE: '4096',
    });
  });
  afterAll(async () => {
    await t.close();
    files.stalled.forEach((res) => res.destroy());
    await new Promise((resolve) => files.server.close(resolve));
  });

  it('downloads files named by Content-Disposition or the URL, following redirects, and scans them', async () => {
    const { uuid, run } = await runOf(t, {
      name: 'downloads',
      input_urls: [
        `${files.base}/download#release`,
        `${files.base}/moved ${files.base}/files/hello.txt`,
        `${files.base}/download-utf8`,
        `${files.base}/download-evil`,
      ],
    });
    expect({ status: run.status, output: run.task_output }).toEqual({ status: 'success', output: '' });
    expect(run.log).toContain(`Fetching input from ${files.base}/download#release`);

    const { input_sources, input_root } = await detail(t, uuid);
    expect(input_sources.map((i) => [i.filename, i.download_url, i.tag, i.is_uploaded, i.exists])).toEqual([
      ['pkg-1.0.tgz', `${files.base}/download#release`, 'release', false, true],
      ['hello.txt', `${files.base}/moved`, '', false, true],
      ['hello_1.txt', `${files.base}/files/hello.txt`, '', false, true],
      ['naïve notes.txt', `${files.base}/download-utf8`, '', false, true],
      ['escape.sh', `${files.base}/download-evil`, '', false, true],
    ]);
    expect(input_root.sort()).toEqual(['escape.sh', 'hello.txt', 'hello_1.txt', 'naïve notes.txt', 'pkg-1.0.tgz']);
    expect(fs.readFileSync(path.join(inputDir(t, 'downloads-'), 'hello_1.txt'), 'utf8')).toBe('hello world\n');

    const resources = await request(t.url).get(`/api/projects/${uuid}/resources/?page_size=100`).expect(200);
    const paths = resources.body.results.map((r: { path: string }) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['pkg-1.0.tgz-extract/pkg/index.js', 'pkg-1.0.tgz-extract/pkg/README.md', 'hello.txt']));
  });

  it('fails the run listing every input that could not be fetched, each left not fetched', async () => {
    const urls = ['/missing.zip', '/stall', '/stall-body', '/big', '/big-chunked', '/loop', '/to-metadata'].map((p) => `${files.base}${p}`);
    const { uuid, run } = await runOf(t, { name: 'failures', input_urls: [...urls, `${files.base}/files/hello.txt`] });
    expect(run.status).toBe('failure');
    const output = run.task_output;
    expect(output).toContain('InputFilesError encountered with the following issues:');
    expect(output).toContain(`Error 1: Could not fetch ${files.base}/missing.zip: the server answered 404 Not Found`);
    expect(output).toContain(`Error 2: Could not fetch ${files.base}/stall: the server sent nothing for 1 seconds (SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS)`);
    expect(output).toContain(`Error 3: Could not fetch ${files.base}/stall-body: the server sent nothing for 1 seconds`);
    expect(output).toContain(`Error 4: Could not fetch ${files.base}/big: the download (5000 bytes) is larger than SCANLOOM_MAX_DOWNLOAD_SIZE (4096 bytes)`);
    expect(output).toContain(`Error 5: Could not fetch ${files.base}/big-chunked: the download is larger than SCANLOOM_MAX_DOWNLOAD_SIZE (4096 bytes)`);
    expect(output).toContain(`Error 6: Could not fetch ${files.base}/loop: more than 10 redirects`);
    expect(output).toMatch(/Error 7: Could not fetch .*\/to-metadata: Refused http:\/\/169\.254\.169\.254\/latest\/meta-data\/: .*cloud metadata/);
    expect(output).not.toContain('Error 8');
    expect(run.log).toContain(`${files.base}/missing.zip could not be fetched.`);

    const { input_sources, input_root } = await detail(t, uuid);
    expect(input_sources.map((i) => [i.filename, i.exists])).toEqual([...urls.map(() => ['', false]), ['hello.txt', true]]);
    expect(input_root).toEqual(['hello.txt']);
    const tmp = path.join(path.dirname(inputDir(t, 'failures-')), 'tmp');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('clones a git repository with depth 1, without symlinks, and scans it', async () => {
    const { uuid, run } = await runOf(t, { name: 'git clone', input_urls: [`file://${repo}#main`] });
    expect({ status: run.status, output: run.task_output }).toEqual({ status: 'success', output: '' });
    const { input_sources } = await detail(t, uuid);
    expect(input_sources).toEqual([expect.objectContaining({ filename: 'sample.git', download_url: `file://${repo}#main`, tag: 'main', exists: true })]);
    const clone = path.join(inputDir(t, 'git-clone-'), 'sample.git');
    expect(fs.readFileSync(path.join(clone, 'src', 'main.c'), 'utf8')).toContain('int main');
    expect(fs.lstatSync(path.join(clone, 'escape')).isSymbolicLink()).toBe(false);
    expect(execFileSync('git', ['-C', clone, 'rev-parse', '--is-shallow-repository'], { encoding: 'utf8' }).trim()).toBe('true');

    const resources = await request(t.url).get(`/api/projects/${uuid}/resources/?page_size=100`).expect(200);
    expect(resources.body.results.map((r: { path: string }) => r.path)).toEqual(expect.arrayContaining(['sample.git/README.md', 'sample.git/src/main.c']));
  });

  it('clones over http by host name (pinned to the checked address)', async () => {
    const port = new URL(files.base).port;
    const url = `http://localhost:${port}/repos/served.git`;
    const { uuid, run } = await runOf(t, { name: 'git http', input_urls: [url] });
    expect({ status: run.status, output: run.task_output }).toEqual({ status: 'success', output: '' });
    expect((await detail(t, uuid)).input_sources).toEqual([expect.objectContaining({ filename: 'served.git', download_url: url, exists: true })]);
    expect(fs.readFileSync(path.join(inputDir(t, 'git-http-'), 'served.git', 'README.md'), 'utf8')).toBe('Sample repository.\n');
  });

  it('fails the run when a clone is larger than the size limit, leaving nothing in input/', async () => {
    const big = path.join(makeTempDir(), 'big.git');
    fs.mkdirSync(big);
    fs.writeFileSync(path.join(big, 'random.bin'), crypto.randomBytes(16 * 1024));
    git(big, 'init', '--quiet');
    git(big, 'add', '.');
    git(big, 'commit', '--quiet', '-m', 'big');
    const { uuid, run } = await runOf(t, { name: 'git too big', input_urls: [`file://${big}`] });
    expect(run.status).toBe('failure');
    expect(run.task_output).toContain(`Error 1: Could not fetch file://${big}: the clone is larger than SCANLOOM_MAX_DOWNLOAD_SIZE (4096 bytes)`);
    expect((await detail(t, uuid)).input_root).toEqual([]);
  });

  it('fails the run with git\'s reason when the repository does not exist', async () => {
    const { uuid, run } = await runOf(t, { name: 'git missing', input_urls: [`file://${repo}-nope/other.git`] });
    expect(run.status).toBe('failure');
    expect(run.task_output).toMatch(/Error 1: Could not fetch file:\/\/.*other\.git: git clone failed: .*(does not exist|not a git repository|Could not read from remote)/);
    expect((await detail(t, uuid)).input_sources[0]).toMatchObject({ filename: '', exists: false });
  });
});

describeWithDb('input_urls without SCANLOOM_ALLOW_PRIVATE_URLS', () => {
  let t: TestApp;
  let files: Awaited<ReturnType<typeof startFileServer>>;

  beforeAll(async () => {
    files = await startFileServer(Buffer.alloc(0));
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => files.server.close(resolve));
  });

  it('refuses at creation URLs that can never be fetched, with a message each', async () => {
    const res = await request(t.url)
      .post('/api/projects/')
      .send({ name: 'bad urls', input_urls: [`${files.base}/files/hello.txt`, 'ftp://example.com/a.tgz', 'git@github.com:a/b.git', 'file:///srv/repo.git'] })
      .expect(400);
    expect(res.body).toEqual({
      input_urls: [
        `Refused ${files.base}/files/hello.txt: 127.0.0.1 is a loopback address. Scanloom does not connect to loopback, private, link-local, shared (CGNAT), unique-local, reserved or unspecified addresses unless SCANLOOM_ALLOW_PRIVATE_URLS=true.`,
        "URL scheme 'ftp' is not supported: use http:// or https:// (git repositories: https://…/name.git).",
        "SSH 'git@' URLs are not supported. Use https:// instead.",
        'file:// repositories are refused unless SCANLOOM_ALLOW_PRIVATE_URLS=true.',
      ],
    });
    expect((await request(t.url).get('/api/projects/?name=bad urls').expect(200)).body.count).toBe(0);
    const { uuid } = await createProject(t, { name: 'later' });
    const later = await request(t.url).post(`/api/projects/${uuid}/add_input/`).send({ input_urls: ['http://[::1]:8080/a.zip'] }).expect(400);
    expect(later.body.input_urls[0]).toContain('::1 is a loopback address');
  });

  it('refuses at run time a name that resolves to loopback, for downloads and git clones', async () => {
    const port = new URL(files.base).port;
    const { uuid, run } = await runOf(t, {
      name: 'rebound',
      input_urls: [`http://localhost:${port}/files/hello.txt`, `http://localhost:${port}/repo.git`],
    });
    expect(run.status).toBe('failure');
    expect(run.task_output).toMatch(
      new RegExp(`Error 1: Could not fetch http://localhost:${port}/files/hello.txt: Refused http://localhost:${port}/files/hello.txt: localhost resolves to (127\\.0\\.0\\.1|::1), which is a loopback address\\. .*unless SCANLOOM_ALLOW_PRIVATE_URLS=true\\.`),
    );
    expect(run.task_output).toMatch(new RegExp(`Error 2: Could not fetch http://localhost:${port}/repo.git: Refused .*loopback address.*SCANLOOM_ALLOW_PRIVATE_URLS=true`));
    expect((await detail(t, uuid)).input_sources.map((i) => [i.filename, i.exists])).toEqual([['', false], ['', false]]);
  });
});
