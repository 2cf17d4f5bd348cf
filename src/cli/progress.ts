import { SingleBar } from 'cli-progress';
import type { Run } from '../runs/run.entity';

/**
 * Shows a run's advance: a progress bar on a terminal, plain lines otherwise (CI logs).
 */
export class RunProgress {
  private bar: SingleBar | null = null;
  private step = '';
  private lastPercent = -1;

  constructor(private readonly interactive = Boolean(process.stderr.isTTY)) {}

  update(run: Run): void {
    if (run.current_step && run.current_step !== this.step) {
      this.finishBar();
      this.step = run.current_step;
      this.lastPercent = -1;
      if (!this.interactive) {
        process.stderr.write(`[${run.pipeline_name}] step ${run.current_step}\n`);
      }
    }
    if (run.progress_total === null || !run.current_step) {
      return;
    }
    const processed = run.progress_processed ?? 0;
    if (this.interactive) {
      if (!this.bar) {
        this.bar = new SingleBar({ format: ` {step} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true });
        this.bar.start(run.progress_total, processed, { step: this.step });
      }
      this.bar.setTotal(run.progress_total);
      this.bar.update(processed, { step: this.step });
      return;
    }
    const percent = Math.floor((processed / Math.max(1, run.progress_total)) * 10) * 10;
    if (percent > this.lastPercent) {
      this.lastPercent = percent;
      process.stderr.write(`[${run.pipeline_name}] Progress: ${percent}% (${processed}/${run.progress_total})\n`);
    }
  }

  finishBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
