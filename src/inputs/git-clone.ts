import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ipaddr from 'ipaddr.js';
import { FetchError, type FetchedInput, type FetchLimits } from './download';
import { sanitizeFilename, uniqueFilename } from './filenames';
import { ALLOW_PRIVATE_SETTING, assertPublicUrl, redactCredentials } from './url-guard';

const SIZE_CHECK_INTERVAL_MS = 500;

/** ScanCode.io's rule: a URL ending in `.git` (before any `#tag`) is a repository to clone. */
export function isGitUrl(url: string): boolean {
  return withoutFragment(url).replace(/\/+$/, '').endsWith('.git');
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash >= 0 ? url.slice(0, hash) : url;
}

/**
 * `git clone --depth 1` of `url` into a new folder of `inputDir` named after the
 * repository (`name.git`, as ScanCode.io names it). Only http(s) is allowed (file:// only
 * with the private-URL setting, for tests and local mirrors); the host must pass the SSRF
 * rule and git is pinned to the checked addresses, so DNS rebinding cannot redirect it.
 * No hooks, no credential prompts, no redirects, no symlinks; bounded in time and size.
 */
export async function cloneGitRepository(url: string, inputDir: string, tmpDir: string, limits: FetchLimits): Promise<FetchedInput> {
  const source = new URL(withoutFragment(url));
  const shown = redactCredentials(source);
  const protocolArgs = await allowedProtocol(source, limits.allowPrivate);
  const name = sanitizeFilename(source.pathname.replace(/\/+$/, '').split('/').pop() || 'repository.git');
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const staging = path.join(tmpDir, `clone-${randomUUID()}`);
  try {
    await runGit(
      [
        ...protocolArgs,
        '-c', 'core.hooksPath=/dev/null',
        '-c', 'core.symlinks=false',
        '-c', 'core.fsmonitor=false',
        '-c', 'credential.helper=',
        '-c', 'http.followRedirects=false',
        '-c', 'http.lowSpeedLimit=1',
        '-c', `http.lowSpeedTime=${limits.timeoutSeconds}`,
        '-c', 'submodule.recurse=false',
        'clone', '--depth', '1', '--template=', '--quiet', '--', source.href, staging,
      ],
      staging,
      limits,
      shown,
    );
    const filename = uniqueFilename(inputDir, name);
    await fs.promises.rename(staging, path.join(inputDir, filename));
    return { filename, size: 0 };
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

/** `-c` options allowing only the URL's protocol; http(s) hosts are pinned to checked addresses. */
async function allowedProtocol(source: URL, allowPrivate: boolean): Promise<string[]> {
  const deny = ['-c', 'protocol.allow=never'];
  if (source.protocol === 'file:') {
    if (!allowPrivate) {
      throw new FetchError(`Could not fetch ${source.href}: file:// repositories are refused unless ${ALLOW_PRIVATE_SETTING}=true.`);
    }
    return [...deny, '-c', 'protocol.file.allow=always'];
  }
  if (source.protocol !== 'http:' && source.protocol !== 'https:') {
    throw new FetchError(`Could not fetch ${redactCredentials(source)}: git repositories are cloned over https:// or http:// only.`);
  }
  const scheme = source.protocol.slice(0, -1);
  const args = [...deny, '-c', `protocol.${scheme}.allow=always`];
  const host = source.hostname.replace(/^\[|\]$/g, '');
  const addresses = await assertPublicUrl(source.href, allowPrivate).catch((error: Error) => {
    throw new FetchError(`Could not fetch ${redactCredentials(source)}: ${error.message}`);
  });
  if (!ipaddr.isValid(host)) {
    const port = source.port || (scheme === 'https' ? '443' : '80');
    const pinned = addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(',');
    args.push('-c', `http.curloptResolve=${host}:${port}:${pinned}`);
  }
  return args;
}

/** Run git with a clean environment; kill it past the time or size limit or when the run stops. */
function runGit(args: string[], staging: string, limits: FetchLimits, shown: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        // Only PATH is passed on: no proxy variables, no GIT_* from the server's environment.
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: path.dirname(staging),
        LANG: 'C',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GCM_INTERACTIVE: 'never',
      },
    });
    let stderr = '';
    let failure: string | undefined;
    const stop = (reason: string) => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(
      () => stop(`git clone did not finish within ${limits.gitCloneTimeoutSeconds} seconds (SCANLOOM_GIT_CLONE_TIMEOUT_SECONDS)`),
      limits.gitCloneTimeoutSeconds * 1000,
    );
    // Walking a large checkout costs time: check at most a tenth of the time.
    let sizeCheck: NodeJS.Timeout | undefined;
    const checkSize = (delay: number) => {
      sizeCheck = setTimeout(() => {
        const started = Date.now();
        void folderSize(staging).then((size) => {
          if (size > limits.maxSize) {
            stop(`the clone is larger than SCANLOOM_MAX_DOWNLOAD_SIZE (${limits.maxSize} bytes)`);
          } else if (failure === undefined && child.exitCode === null) {
            checkSize(Math.max(SIZE_CHECK_INTERVAL_MS, (Date.now() - started) * 10));
          }
        });
      }, delay);
    };
    checkSize(SIZE_CHECK_INTERVAL_MS);
    const onAbort = () => stop('the run was stopped');
    limits.signal?.addEventListener('abort', onAbort);
    const done = (error?: Error) => {
      clearTimeout(timer);
      clearTimeout(sizeCheck);
      limits.signal?.removeEventListener('abort', onAbort);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    child.on('error', (error) => done(new FetchError(`Could not fetch ${shown}: cannot run git (${error.message})`)));
    child.on('close', (code) => {
      if (failure) {
        done(new FetchError(`Could not fetch ${shown}: ${failure}`));
      } else if (code !== 0) {
        const detail = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ') || `git exited with ${code}`;
        done(new FetchError(`Could not fetch ${shown}: git clone failed: ${detail}`));
      } else {
        void folderSize(staging).then((size) =>
          done(size > limits.maxSize ? new FetchError(`Could not fetch ${shown}: the clone is larger than SCANLOOM_MAX_DOWNLOAD_SIZE (${limits.maxSize} bytes)`) : undefined),
        );
      }
    });
  });
}

/** Bytes of the regular files under `folder` (0 when it does not exist yet). */
async function folderSize(folder: string): Promise<number> {
  let total = 0;
  const entries = await fs.promises.readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile()) {
      const stat = await fs.promises.lstat(path.join(entry.parentPath, entry.name)).catch(() => undefined);
      total += stat?.size ?? 0;
    }
  }
  return total;
}
