import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiRoute, StatusDto } from '../common/api-docs';
import { pathUuid } from '../common/fields';
import { baseUrl } from '../common/request-context';
import { RunDto } from '../projects/projects.dto';
import { RunsService } from './runs.service';
import { toRunView, type RunView } from './runs.views';

@ApiTags('runs')
@Controller('api/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get(':uuid')
  @ApiRoute({ summary: 'Run detail', ok: { type: RunDto }, errors: [{ status: 404, description: 'No such run.' }] })
  async detail(@Req() req: Request, @Param('uuid') uuid: string): Promise<RunView> {
    return toRunView(await this.runs.get(pathUuid(uuid)), baseUrl(req));
  }

  @Post(':uuid/start_pipeline')
  @HttpCode(200)
  @ApiRoute({ summary: 'Queue a run that has not started', ok: { type: StatusDto }, errors: [{ status: 400, description: 'Already queued, started or executed, or an earlier run is unfinished.' }] })
  async start(@Param('uuid') uuid: string): Promise<StatusDto> {
    const run = await this.runs.start(pathUuid(uuid));
    return { status: `Pipeline ${run.pipeline_name} started.` };
  }

  @Post(':uuid/stop_pipeline')
  @HttpCode(200)
  @ApiRoute({ summary: 'Stop a running run (its process is killed)', ok: { type: StatusDto }, errors: [{ status: 400, description: 'Pipeline is not running.' }] })
  async stop(@Param('uuid') uuid: string): Promise<StatusDto> {
    const run = await this.runs.stop(pathUuid(uuid));
    return { status: `Pipeline ${run.pipeline_name} stopped.` };
  }

  @Post(':uuid/delete_pipeline')
  @HttpCode(200)
  @ApiRoute({ summary: 'Delete a run that has not started', ok: { type: StatusDto }, errors: [{ status: 400, description: 'The run has started.' }] })
  async delete(@Param('uuid') uuid: string): Promise<StatusDto> {
    const run = await this.runs.delete(pathUuid(uuid));
    return { status: `Pipeline ${run.pipeline_name} deleted.` };
  }
}
