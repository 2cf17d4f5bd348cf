import * as fs from 'node:fs';
import { isIP } from 'node:net';
import * as path from 'node:path';
import { PolicyError } from '../policies/policies';
import { loadGlobalPolicies } from '../policies/project-policies';

/**
 * Every setting Scanloom reads from the environment, parsed once.
 * No other module reads `process.env`: they receive this object.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly workspace: string;
  readonly database: DatabaseConfig;
  readonly requireAuthentication: boolean;
  readonly pageSize: number;
  readonly maxPageSize: number;
  /** Largest uploaded file, in bytes. */
  readonly maxUploadSize: number;
  /** Let input downloads and git clones reach private-network addresses (on-prem servers). */
  readonly allowPrivateUrls: boolean;
  /** Longest wait for a download server: to connect, to answer, between two chunks. */
  readonly downloadTimeoutSeconds: number;
  /** Largest downloaded input or git clone, in bytes. */
  readonly maxDownloadSize: number;
  /** Longest a whole `git clone` of an input may take. */
  readonly gitCloneTimeoutSeconds: number;
  readonly redisUrl: string | null;
  readonly redisPrefix: string;
  readonly role: Role;
  readonly workers: number;
  /** How often a worker proves it is alive; a worker silent for this long has lost its runs. */
  readonly workerHeartbeatSeconds: number;
  readonly logLevel: LogLevel;
  readonly policiesFile: string;
  /** Seconds to wait before each retry of a failed webhook delivery; its length is the number of retries. */
  readonly webhookRetryDelays: readonly number[];
  /** Longest wait for a webhook target to answer, in seconds. */
  readonly webhookTimeoutSeconds: number;
  /** Subscribed to every new project (ScanCode.io's SCANCODEIO_GLOBAL_WEBHOOK). */
  readonly globalWebhook: GlobalWebhook | null;
  /** Public address of this service, for links in Slack messages; empty when unknown. */
  readonly siteUrl: string;
  readonly pipelinesDirs: readonly string[];
  readonly version: string;
}

export interface GlobalWebhook {
  readonly target_url: string;
  readonly trigger_on_each_run: boolean;
  readonly include_summary: boolean;
  readonly include_results: boolean;
  readonly is_active: boolean;
  readonly secret: string | null;
}

export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly driver: SqliteDriver; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string };

export const SQLITE_DRIVERS = ['better-sqlite3', 'sqlite3'] as const;
export type SqliteDriver = (typeof SQLITE_DRIVERS)[number];
export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The documented variables, with their defaults, as the README lists them. */
export const ENV_DEFAULTS = {
  HOST: '127.0.0.1',
  PORT: '8001',
  SCANLOOM_WORKSPACE: './var',
  SCANLOOM_PAGE_SIZE: '50',
  SCANLOOM_MAX_PAGE_SIZE: '100',
  SCANLOOM_MAX_UPLOAD_SIZE: String(10 * 1024 ** 3),
  SCANLOOM_ALLOW_PRIVATE_URLS: 'false',
  SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS: '30',
  SCANLOOM_MAX_DOWNLOAD_SIZE: String(10 * 1024 ** 3),
  SCANLOOM_GIT_CLONE_TIMEOUT_SECONDS: '900',
  SCANLOOM_SQLITE_DRIVER: 'better-sqlite3',
  SCANLOOM_ROLE: 'all',
  SCANLOOM_WORKERS: '1',
  SCANLOOM_WORKER_HEARTBEAT_SECONDS: '30',
  SCANLOOM_LOG_LEVEL: 'info',
  SCANLOOM_POLICIES_FILE: 'policies.yml',
  SCANLOOM_WEBHOOK_RETRY_DELAYS: '10,60,300,1800,7200',
  SCANLOOM_WEBHOOK_TIMEOUT_SECONDS: '10',
  SCANLOOM_REDIS_PREFIX: 'scanloom',
} as const;

/**
 * Parse and validate the environment. Throws ConfigError naming the first bad variable.
 * `cwd` anchors relative paths (workspace, policies file, sqlite file).
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const read = (name: keyof typeof ENV_DEFAULTS): string => nonEmpty(env[name]) ?? ENV_DEFAULTS[name];

  const host = read('HOST');
  const port = parseInteger('PORT', read('PORT'), 0, 65535);
  const workspace = path.resolve(cwd, read('SCANLOOM_WORKSPACE'));
  const pageSize = parseInteger('SCANLOOM_PAGE_SIZE', read('SCANLOOM_PAGE_SIZE'), 1, 100_000);
  const maxPageSize = parseInteger('SCANLOOM_MAX_PAGE_SIZE', read('SCANLOOM_MAX_PAGE_SIZE'), 1, 100_000);
  if (maxPageSize < pageSize) {
    throw new ConfigError('SCANLOOM_MAX_PAGE_SIZE', `(${maxPageSize}) must be at least SCANLOOM_PAGE_SIZE (${pageSize}).`);
  }
  const sqliteDriver = parseChoice('SCANLOOM_SQLITE_DRIVER', read('SCANLOOM_SQLITE_DRIVER'), SQLITE_DRIVERS);
  const database = parseDatabase(nonEmpty(env.DATABASE_URL), sqliteDriver, workspace, cwd);
  const requireAuthentication = parseRequireAuthentication(nonEmpty(env.SCANLOOM_REQUIRE_AUTHENTICATION), host);
  const redisUrl = parseRedisUrl(nonEmpty(env.REDIS_URL));

  return Object.freeze({
    host,
    port,
    workspace,
    database,
    requireAuthentication,
    pageSize,
    maxPageSize,
    maxUploadSize: parseInteger('SCANLOOM_MAX_UPLOAD_SIZE', read('SCANLOOM_MAX_UPLOAD_SIZE'), 1, Number.MAX_SAFE_INTEGER),
    allowPrivateUrls: parseBoolean('SCANLOOM_ALLOW_PRIVATE_URLS', read('SCANLOOM_ALLOW_PRIVATE_URLS')),
    downloadTimeoutSeconds: parseInteger('SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS', read('SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS'), 1, 86_400),
    maxDownloadSize: parseInteger('SCANLOOM_MAX_DOWNLOAD_SIZE', read('SCANLOOM_MAX_DOWNLOAD_SIZE'), 1, Number.MAX_SAFE_INTEGER),
    gitCloneTimeoutSeconds: parseInteger('SCANLOOM_GIT_CLONE_TIMEOUT_SECONDS', read('SCANLOOM_GIT_CLONE_TIMEOUT_SECONDS'), 1, 86_400),
    redisUrl,
    redisPrefix: parsePrefix(read('SCANLOOM_REDIS_PREFIX')),
    role: parseChoice('SCANLOOM_ROLE', read('SCANLOOM_ROLE'), ROLES),
    workers: parseInteger('SCANLOOM_WORKERS', read('SCANLOOM_WORKERS'), 1, 256),
    workerHeartbeatSeconds: parseInteger('SCANLOOM_WORKER_HEARTBEAT_SECONDS', read('SCANLOOM_WORKER_HEARTBEAT_SECONDS'), 1, 3600),
    logLevel: parseChoice('SCANLOOM_LOG_LEVEL', read('SCANLOOM_LOG_LEVEL'), LOG_LEVELS),
    policiesFile: checkPoliciesFile(path.resolve(cwd, read('SCANLOOM_POLICIES_FILE'))),
    webhookRetryDelays: parseDelays('SCANLOOM_WEBHOOK_RETRY_DELAYS', read('SCANLOOM_WEBHOOK_RETRY_DELAYS')),
    webhookTimeoutSeconds: parseInteger('SCANLOOM_WEBHOOK_TIMEOUT_SECONDS', read('SCANLOOM_WEBHOOK_TIMEOUT_SECONDS'), 1, 600),
    globalWebhook: parseGlobalWebhook(nonEmpty(env.SCANLOOM_GLOBAL_WEBHOOK)),
    siteUrl: parseSiteUrl(nonEmpty(env.SCANLOOM_SITE_URL)),
    pipelinesDirs: parseDirectories('SCANLOOM_PIPELINES_DIRS', nonEmpty(env.SCANLOOM_PIPELINES_DIRS), cwd),
    version: packageVersion(),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) {
    throw new ConfigError(name, `must be a whole number, got "${raw}".`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}.`);
  }
  return value;
}

function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === raw.toLowerCase());
  if (!found) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}".`);
  }
  return found;
}

const TRUE_VALUES = ['true', '1', 'yes', 'on'];
const FALSE_VALUES = ['false', '0', 'no', 'off'];

export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.toLowerCase();
  if (TRUE_VALUES.includes(value)) {
    return true;
  }
  if (FALSE_VALUES.includes(value)) {
    return false;
  }
  throw new ConfigError(name, `must be true or false, got "${raw}".`);
}

/**
 * Open by default on loopback, as ScanCode.io is; closed by default when the service
 * listens on anything else, unless the operator explicitly says `false`.
 */
function parseRequireAuthentication(raw: string | undefined, host: string): boolean {
  if (raw !== undefined) {
    return parseBoolean('SCANLOOM_REQUIRE_AUTHENTICATION', raw);
  }
  return !isLoopback(host);
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') {
    return true;
  }
  return isIP(bare) === 4 && bare.startsWith('127.');
}

function parseDatabase(raw: string | undefined, driver: SqliteDriver, workspace: string, cwd: string): DatabaseConfig {
  if (raw === undefined) {
    return { type: 'sqlite', driver, path: path.join(workspace, 'scanloom.sqlite3') };
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL.');
    }
    return { type: 'postgres', url: raw };
  }
  const sqlite = /^sqlite:(\/\/)?(.+)$/i.exec(raw);
  if (sqlite?.[2]) {
    return { type: 'sqlite', driver, path: path.resolve(cwd, sqlite[2]) };
  }
  throw new ConfigError('DATABASE_URL', `must start with postgres:// or sqlite:, got "${redactUrl(raw)}".`);
}

function parseDirectories(name: string, raw: string | undefined, cwd: string): string[] {
  const dirs = (raw ?? '').split(/[,:]/).map((d) => d.trim()).filter(Boolean).map((d) => path.resolve(cwd, d));
  for (const dir of dirs) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new ConfigError(name, `names a folder that does not exist: ${dir}`);
    }
  }
  return dirs;
}

function parsePrefix(raw: string): string {
  if (!/^[\w.-]{1,64}$/.test(raw)) {
    throw new ConfigError('SCANLOOM_REDIS_PREFIX', `must be 1 to 64 letters, digits, dots, dashes or underscores, got "${raw}".`);
  }
  return raw;
}

function parseRedisUrl(raw: string | undefined): string | null {
  if (raw === undefined) {
    return null;
  }
  if (!/^rediss?:\/\//i.test(raw)) {
    throw new ConfigError('REDIS_URL', `must start with redis:// or rediss://, got "${redactUrl(raw)}".`);
  }
  return raw;
}

/** An invalid global policies file stops the service before anything starts; a missing one means no policies. */
function checkPoliciesFile(file: string): string {
  try {
    loadGlobalPolicies(file);
  } catch (error) {
    const problem = error instanceof PolicyError ? 'names an invalid policies file' : 'names a policies file that cannot be read';
    throw new ConfigError('SCANLOOM_POLICIES_FILE', `${problem} (${file}): ${(error as Error).message}`);
  }
  return file;
}

/** `10,60,300`: seconds before each retry (fractions allowed); `none` for no retries. */
function parseDelays(name: string, raw: string): number[] {
  if (raw.toLowerCase() === 'none') {
    return [];
  }
  return raw.split(',').map((part) => {
    const value = part.trim();
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 7 * 86_400) {
      throw new ConfigError(name, `must be comma-separated seconds (at most a week each) or none, got "${raw}".`);
    }
    return Number(value);
  });
}

const GLOBAL_WEBHOOK_FLAGS = ['trigger_on_each_run', 'include_summary', 'include_results', 'is_active'] as const;

/** ScanCode.io's format: `target_url=https://…,trigger_on_each_run=False,include_summary=True`. */
function parseGlobalWebhook(raw: string | undefined): GlobalWebhook | null {
  if (raw === undefined) {
    return null;
  }
  const name = 'SCANLOOM_GLOBAL_WEBHOOK';
  const fields = new Map<string, string>();
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError(name, `must be key=value pairs separated by commas (target_url=https://…,include_summary=True), got "${part.trim()}".`);
    }
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const unknown = [...fields.keys()].filter((key) => key !== 'target_url' && key !== 'secret' && !(GLOBAL_WEBHOOK_FLAGS as readonly string[]).includes(key));
  if (unknown.length) {
    throw new ConfigError(name, `has unknown key ${unknown[0]}: use target_url, ${GLOBAL_WEBHOOK_FLAGS.join(', ')} and secret.`);
  }
  const target = fields.get('target_url') ?? '';
  if (!/^https?:\/\/[^/]/i.test(target) || !URL.canParse(target)) {
    throw new ConfigError(name, `needs a target_url that is an http(s) URL, got "${redactUrl(target)}".`);
  }
  const flag = (key: (typeof GLOBAL_WEBHOOK_FLAGS)[number], fallback: boolean) => {
    const value = fields.get(key);
    return value === undefined || value === '' ? fallback : parseBoolean(`${name} ${key}`, value);
  };
  return Object.freeze({
    target_url: target,
    trigger_on_each_run: flag('trigger_on_each_run', false),
    include_summary: flag('include_summary', false),
    include_results: flag('include_results', false),
    is_active: flag('is_active', true),
    secret: fields.get('secret') || null,
  });
}

function formatGlobalWebhook(hook: GlobalWebhook): string {
  const flags = GLOBAL_WEBHOOK_FLAGS.map((key) => `${key}=${hook[key] ? 'True' : 'False'}`);
  return [`target_url=${hook.target_url}`, ...flags, ...(hook.secret ? [`secret=${hook.secret}`] : [])].join(',');
}

function parseSiteUrl(raw: string | undefined): string {
  if (raw === undefined) {
    return '';
  }
  if (!/^https?:\/\//i.test(raw) || !URL.canParse(raw)) {
    throw new ConfigError('SCANLOOM_SITE_URL', `must be an http(s) URL such as https://scanloom.example.com, got "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}

/** Hide a password before a URL appears in an error message or a log. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

function packageVersion(): string {
  // package.json sits two levels above both src/config and dist/src/config.
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'scanloom' && pkg.version) {
        return pkg.version;
      }
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

/** Environment variables that make loadConfig() return this configuration again (for child processes). */
export function configToEnv(config: Config): Record<string, string> {
  return {
    HOST: config.host,
    PORT: String(config.port),
    SCANLOOM_WORKSPACE: config.workspace,
    DATABASE_URL: config.database.type === 'postgres' ? config.database.url : `sqlite:${config.database.path}`,
    SCANLOOM_SQLITE_DRIVER: config.database.type === 'sqlite' ? config.database.driver : ENV_DEFAULTS.SCANLOOM_SQLITE_DRIVER,
    SCANLOOM_REQUIRE_AUTHENTICATION: String(config.requireAuthentication),
    SCANLOOM_PAGE_SIZE: String(config.pageSize),
    SCANLOOM_MAX_PAGE_SIZE: String(config.maxPageSize),
    SCANLOOM_MAX_UPLOAD_SIZE: String(config.maxUploadSize),
    SCANLOOM_ALLOW_PRIVATE_URLS: String(config.allowPrivateUrls),
    SCANLOOM_DOWNLOAD_TIMEOUT_SECONDS: String(config.downloadTimeoutSeconds),
    SCANLOOM_MAX_DOWNLOAD_SIZE: String(config.maxDownloadSize),
    SCANLOOM_GIT_CLONE_TIMEOUT_SECONDS: String(config.gitCloneTimeoutSeconds),
    ...(config.redisUrl ? { REDIS_URL: config.redisUrl } : {}),
    SCANLOOM_REDIS_PREFIX: config.redisPrefix,
    SCANLOOM_ROLE: config.role,
    SCANLOOM_WORKERS: String(config.workers),
    SCANLOOM_WORKER_HEARTBEAT_SECONDS: String(config.workerHeartbeatSeconds),
    SCANLOOM_LOG_LEVEL: config.logLevel,
    SCANLOOM_POLICIES_FILE: config.policiesFile,
    SCANLOOM_WEBHOOK_RETRY_DELAYS: config.webhookRetryDelays.length ? config.webhookRetryDelays.join(',') : 'none',
    SCANLOOM_WEBHOOK_TIMEOUT_SECONDS: String(config.webhookTimeoutSeconds),
    ...(config.globalWebhook ? { SCANLOOM_GLOBAL_WEBHOOK: formatGlobalWebhook(config.globalWebhook) } : {}),
    ...(config.siteUrl ? { SCANLOOM_SITE_URL: config.siteUrl } : {}),
    SCANLOOM_PIPELINES_DIRS: config.pipelinesDirs.join(','),
  };
}
