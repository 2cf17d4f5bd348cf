'use strict';
const crypto = require('node:crypto');
// Keeps one core busy hashing for settings.seconds (default 30), reporting progress
// and writing a log line every second: the load of a scan, without its inputs.
exports.pipeline = {
  name: 'bench_cpu_burn',
  summary: 'Burn CPU like a scan does.',
  steps: [
    {
      name: 'burn',
      summary: 'Hash data in a loop.',
      run: async (ctx) => {
        const seconds = Number(ctx.settings.seconds ?? 30);
        const data = crypto.randomBytes(1 << 20);
        const end = Date.now() + seconds * 1000;
        let rounds = 0;
        while (Date.now() < end && !ctx.signal.aborted) {
          const until = Date.now() + 1000;
          while (Date.now() < until) {
            crypto.createHash('sha256').update(data).digest();
            rounds++;
          }
          await ctx.progress(Math.min(seconds, Math.round(seconds - (end - Date.now()) / 1000)), seconds);
          await ctx.log(`hashed ${rounds} MiB`);
        }
      },
    },
  ],
};
