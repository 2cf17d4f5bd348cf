import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { runCli } from '../support/cli';
import { createTestDatabase, describeWithRedis, makeTempDir, TEST_DB, type TestDatabase } from '../support/db';
import { TEST_PIPELINES } from '../support/app';

// No Docker engine here: these specs read docker/ and run the image's commands as the
// container would, against the local PostgreSQL and Redis.
const ROOT = path.resolve(__dirname, '../..');
const DOCKERFILE = fs.readFileSync(path.join(ROOT, 'docker/Dockerfile'), 'utf8');
const COMPOSE = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker/compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; command?: string[]; volumes?: string[]; healthcheck?: { disable?: boolean } }>;
};

/** Dockerfile instructions, continuation lines joined and comments dropped. */
function instructions(): { keyword: string; args: string }[] {
  return DOCKERFILE.replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

const finalStage = () => {
  const all = instructions();
  return all.slice(all.map((i) => i.keyword).lastIndexOf('FROM'));
};

/** Compose's `${VAR:-default}` interpolation, with nothing set in the environment. */
const interpolate = (value: string) => value.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '');

function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of finalStage().filter((i) => i.keyword === 'ENV')) {
    for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) {
      env[key!] = value!;
    }
  }
  return env;
}

function serviceEnv(service: string): Record<string, string> {
  return Object.fromEntries(Object.entries(COMPOSE.services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
}

const jsonArray = (keyword: string) => JSON.parse(finalStage().find((i) => i.keyword === keyword)!.args.replace(/^(--\S+\s+)*CMD\s+/, '')) as string[];

describe('docker/ files', () => {
  it('copies only paths that exist and that .dockerignore keeps in the build context', () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const copies = instructions().filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'));
    expect(copies.length).toBeGreaterThan(0);
    for (const { args } of copies) {
      const sources = args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
        expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`))).toEqual([]);
      }
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', 'var']));
  });

  it('builds on node:20-bookworm-slim in two stages, installs the run-time Debian tools, and runs as a non-root user', () => {
    const froms = instructions().filter((i) => i.keyword === 'FROM').map((i) => i.args.split(' ')[0]);
    expect(froms).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    const script = fs.readFileSync(path.join(ROOT, 'scripts/install-system-deps.sh'), 'utf8');
    // python3-openpyxl is for tests; libpcre2-dev is for building native/file (its library is in the base image).
    const buildOnly = ['libpcre2-dev'];
    const all = [...script.matchAll(/needed\+=\(([\w.-]+)\)/g)].map((m) => m[1]!).filter((pkg) => pkg !== 'python3-openpyxl');
    const listed = all.filter((pkg) => !buildOnly.includes(pkg));
    expect(listed.length).toBeGreaterThan(4);
    expect(all).toEqual(expect.arrayContaining(buildOnly));
    const aptInstalls = (stage: { keyword: string; args: string }[]) =>
      stage.filter((i) => i.keyword === 'RUN' && i.args.includes('apt-get install')).flatMap((i) => i.args.split(/\s+/));
    expect(aptInstalls(finalStage())).toEqual(expect.arrayContaining(listed));
    const every = instructions();
    const buildStage = every.slice(0, every.map((i) => i.keyword).lastIndexOf('FROM'));
    expect(aptInstalls(buildStage)).toEqual(expect.arrayContaining(buildOnly));
    const users = finalStage().filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(['root', '0']).not.toContain(users[0]);
    expect(jsonArray('HEALTHCHECK')).toEqual(['node', 'docker/healthcheck.js']);
  });

  it('gives the API and the workers the same database, Redis and workspace volume', () => {
    const api = COMPOSE.services.api!;
    const worker = COMPOSE.services.worker!;
    expect(Object.keys(COMPOSE.services).sort()).toEqual(['api', 'db', 'redis', 'worker']);
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'SCANLOOM_WORKSPACE']) {
      expect(serviceEnv('worker')[key]).toBe(serviceEnv('api')[key]);
    }
    expect(new URL(serviceEnv('api').DATABASE_URL!).host).toBe('db:5432');
    expect(new URL(serviceEnv('api').REDIS_URL!).host).toBe('redis:6379');
    expect(api.volumes).toEqual([`workspace:${serviceEnv('api').SCANLOOM_WORKSPACE}`]);
    expect(worker.volumes).toEqual(api.volumes);
    expect(serviceEnv('api').SCANLOOM_ROLE).toBe('api');
    expect(worker.command).toEqual(['node', 'bin/scanloom.js', 'worker']);
    expect(worker.healthcheck).toEqual({ disable: true });
  });
});

const describeStack = TEST_DB === 'postgres' ? describeWithRedis : describe.skip;

describeStack('the image commands outside Docker, with the env compose sets', () => {
  let database: TestDatabase;
  let workspace: string;
  let port: number;
  const children: ChildProcess[] = [];

  /** Compose's env for a service, pointed at the local servers instead of the `db` and `redis` containers. */
  function localEnv(service: string): Record<string, string> {
    const env = { ...imageEnv(), ...serviceEnv(service) };
    if (database.config.type !== 'postgres') {
      throw new Error('PostgreSQL database expected');
    }
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      DATABASE_URL: database.config.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      SCANLOOM_REDIS_PREFIX: `docker-spec-${process.pid}`,
      SCANLOOM_WORKSPACE: workspace,
      PORT: String(port),
      // The image listens on 0.0.0.0, which makes authentication required; here it stays on loopback.
      HOST: '127.0.0.1',
      SCANLOOM_REQUIRE_AUTHENTICATION: 'true',
      SCANLOOM_PIPELINES_DIRS: TEST_PIPELINES,
      SCANLOOM_LOG_LEVEL: 'warn',
    };
  }

  function start(command: string[], env: Record<string, string>): ChildProcess {
    const child = spawn(command[0] === 'node' ? process.execPath : command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    return child;
  }

  function healthcheck(env: Record<string, string>): Promise<number | null> {
    const [cmd, ...args] = jsonArray('HEALTHCHECK');
    const child = spawn(cmd === 'node' ? process.execPath : cmd!, args, { cwd: ROOT, env, stdio: 'ignore' });
    return new Promise((resolve) => child.on('close', resolve));
  }

  beforeAll(async () => {
    workspace = makeTempDir('scanloom-docker-');
    database = await createTestDatabase(workspace);
    port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as net.AddressInfo;
        server.close(() => resolve(free));
      });
    });
  });

  afterAll(async () => {
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return Promise.resolve();
        }
        child.kill('SIGTERM');
        return new Promise((resolve) => child.on('close', resolve));
      }),
    );
    await database.drop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('the API answers the healthcheck, and a worker started with the compose command executes its runs', async () => {
    const apiEnv = localEnv('api');
    expect(await healthcheck(apiEnv)).toBe(1);
    const api = start(jsonArray('CMD'), apiEnv);
    let stderr = '';
    api.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 120_000;
    while ((await healthcheck(apiEnv)) !== 0) {
      if (Date.now() > deadline || api.exitCode !== null) {
        throw new Error(`the API did not become healthy: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const base = `http://127.0.0.1:${port}`;
    await request(base).get('/api/').expect(401);

    const user = await runCli(['create-user', 'admin'], localEnv('api'));
    const key = /API key: (\S+)/.exec(user.stdout)?.[1];
    expect(key).toBeDefined();
    const auth = { Authorization: `Token ${key}` };
    await request(base).get('/api/').set(auth).expect(200);

    start(COMPOSE.services.worker!.command!, localEnv('worker'));
    const created = await request(base).post('/api/projects/').set(auth).send({ name: 'in compose', pipeline: 'test_do_nothing', execute_now: true }).expect(201);
    const runUrl = `/api/runs/${(created.body as { runs: { uuid: string }[] }).runs[0]!.uuid}/`;
    let status = '';
    while (Date.now() < deadline + 120_000 && !['success', 'failure', 'stale', 'stopped'].includes(status)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = ((await request(base).get(runUrl).set(auth).expect(200)).body as { status: string }).status;
    }
    expect(status).toBe('success');
    // The run wrote into the workspace the API serves from.
    expect(fs.readdirSync(path.join(workspace, 'projects'))).toHaveLength(1);
  }, 300_000);
});
