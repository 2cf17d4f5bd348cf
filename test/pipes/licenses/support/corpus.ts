import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Returns files under dir (recursively) whose text passes the filter, up to limit. */
export function collectFiles(dir: string, accept: (text: string, path: string) => boolean, limit = Infinity): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (out.length >= limit) {
        return;
      }
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        walk(p);
      } else if (st.isFile() && accept(readFileSync(p, 'latin1'), p)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}
