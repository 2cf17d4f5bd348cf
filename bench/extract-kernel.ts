/**
 * Extraction speed on the Linux kernel source tarball, against tar(1) in the same run.
 *   npm run build && node dist/bench/extract-kernel.js [TARBALL] [--keep DIR]
 * TARBALL defaults to bench/.data/deb-x/usr/src/linux-source-6.1.tar.xz, obtained with:
 *   cd bench/.data && apt-get download linux-source-6.1 && dpkg-deb -x linux-source-6.1_*_all.deb deb-x
 * Prints both wall times, their ratio (goal: at most 1.5), entry counts and peak memory.
 * With --keep, leaves this engine's output in DIR (the inventory benchmark walks it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractArchive } from '../src/pipes/extract';

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keep = keepAt === -1 ? undefined : resolve(args[keepAt + 1] ?? '');
const tarball = resolve(args.find((a, i) => !a.startsWith('--') && (keepAt === -1 || i !== keepAt + 1)) ?? join(__dirname, '../../bench/.data/deb-x/usr/src/linux-source-6.1.tar.xz'));

if (!existsSync(tarball)) {
  console.error(`missing ${tarball}: see the header of bench/extract-kernel.ts`);
  process.exit(1);
}

function count(dir: string): number {
  return Number(execFileSync('sh', ['-c', `find "${dir}" -mindepth 1 | wc -l`], { encoding: 'utf8' }).trim());
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(resolve(tarball, '..'), 'bench-extract-'));
  try {
    const tarOut = join(scratch, 'tar');
    mkdirSync(tarOut);
    let start = process.hrtime.bigint();
    execFileSync('tar', ['-xJf', tarball, '-C', tarOut]);
    const tarSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    const tarEntries = count(tarOut);
    rmSync(tarOut, { recursive: true, force: true });

    const ourOut = keep ?? join(scratch, 'ours');
    start = process.hrtime.bigint();
    const result = await extractArchive(tarball, ourOut);
    const ourSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ourEntries = count(ourOut);
    console.log(`tar -xJf      ${tarSeconds.toFixed(1)} s, ${tarEntries} entries`);
    console.log(`extractArchive ${ourSeconds.toFixed(1)} s, ${ourEntries} entries, ${(result.bytes / 1e6).toFixed(0)} MB, ${result.problems.length} problems`);
    console.log(`ratio ${(ourSeconds / tarSeconds).toFixed(2)} (goal <= 1.5), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    if (ourEntries !== tarEntries) {
      console.log('entry counts differ');
      process.exitCode = 1;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
