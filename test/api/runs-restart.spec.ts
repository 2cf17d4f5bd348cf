import request from 'supertest';
import { Run } from '../../src/runs/run.entity';
import { startTestApp } from '../support/app';
import { describeWithDb } from '../support/db';
import { createProject, isFinished, waitForRun } from '../support/runs';

describeWithDb('restart of the server', () => {
  it('marks runs left running as stale and queues queued runs again', async () => {
    const first = await startTestApp({}, { executeRuns: false });
    const running = await createProject(first, { name: 'was running', pipeline: ['test_do_nothing', 'test_do_nothing'] });
    const queued = await createProject(first, { name: 'was queued', pipeline: ['test_do_nothing'] });
    const runningUuid = running.runs[0]!.uuid;
    const queuedUuid = queued.runs[0]!.uuid;
    // The state a server leaves behind when it dies mid-run.
    await first.db.getRepository(Run).update({ uuid: runningUuid }, { task_id: runningUuid, task_start_date: new Date().toISOString() });
    await first.db.getRepository(Run).update({ uuid: queuedUuid }, { task_id: queuedUuid });
    expect((await request(first.url).get(`/api/runs/${runningUuid}/`)).body.status).toBe('running');
    expect((await request(first.url).get(`/api/runs/${queuedUuid}/`)).body.status).toBe('queued');
    await first.close({ keepData: true });

    const second = await startTestApp({}, {}, { workspace: first.workspace, database: first.database });
    try {
      const stale = (await request(second.url).get(`/api/runs/${runningUuid}/`).expect(200)).body;
      expect(stale).toMatchObject({ status: 'stale', task_exitcode: 88, execution_time: null });
      expect(stale.log).toContain('Run marked stale');
      expect((await waitForRun(second, queuedUuid, isFinished)).status).toBe('success');
      // A stale run ends the chain like any other end: the next one can be started.
      await request(second.url).post(`/api/runs/${running.runs[1]!.uuid}/start_pipeline/`).expect(200);
      expect((await waitForRun(second, running.runs[1]!.uuid, isFinished)).status).toBe('success');
    } finally {
      await second.close();
    }
  });
});
