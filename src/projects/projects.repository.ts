import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { dialectOf, escapeLike, insertRows, textMatchSql } from '../db/sql';
import { InputSource } from '../inputs/input-source.entity';
import { CodebaseRelation } from '../results/codebase-relation.entity';
import { CodebaseResource } from '../results/codebase-resource.entity';
import { DiscoveredDependency } from '../results/discovered-dependency.entity';
import { DiscoveredLicense } from '../results/discovered-license.entity';
import { DiscoveredPackage } from '../results/discovered-package.entity';
import { ProjectMessage } from '../results/project-message.entity';
import { Run } from '../runs/run.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookSubscription } from '../webhooks/webhook-subscription.entity';
import { ProjectLabel } from './project-label.entity';
import { Project } from './project.entity';

export interface ProjectFilters {
  name?: string;
  nameContains?: string;
  nameStartsWith?: string;
  nameEndsWith?: string;
  /** Each item is a case-sensitive "contains"; items are OR-ed. */
  names?: string[];
  uuid?: string;
  isArchived?: boolean;
  label?: string;
  /** Case-insensitive "contains" on the name or on a label name (the CLI's --search). */
  search?: string;
  /** Case-insensitive "contains" on the name only (the report command's --search). */
  nameSearch?: string;
  /** Projects with any of these label names. */
  labelNames?: string[];
  /** Projects with a run of any of these pipelines. */
  pipelineNames?: string[];
  createdBefore?: Date;
}

/** Row counts that `status` and `verify-project` report. */
export interface ProjectCounts {
  messages: number;
  packages: number;
  vulnerablePackages: number;
  dependencies: number;
  vulnerableDependencies: number;
}

/** Tables emptied by a reset, children first. */
const RESET_TABLES = [WebhookDelivery, ProjectMessage, CodebaseRelation, DiscoveredDependency, DiscoveredLicense, DiscoveredPackage, CodebaseResource, Run];

/** A project with what its list and detail views show. */
export interface ProjectRecord {
  project: Project;
  labels: string[];
  runs: Run[];
  inputs: InputSource[];
}

export interface ProjectSummaries {
  codebase_resources_summary: Record<string, number>;
  discovered_packages_summary: { total: number; with_missing_resources: number; with_modified_resources: number };
  discovered_dependencies_summary: { total: number; is_runtime: number; is_optional: number; is_pinned: number };
  codebase_relations_summary: Record<string, number>;
}

export interface NewProject {
  project: Project;
  labels: { name: string; slug: string }[];
  inputs: InputSource[];
  runs: Run[];
  webhooks: WebhookSubscription[];
}

@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async nameExists(name: string): Promise<boolean> {
    return this.db.getRepository(Project).existsBy({ name });
  }

  /** Insert a project and everything created with it in one transaction. */
  async insert(record: NewProject): Promise<void> {
    await this.db.transaction(async (tx) => {
      await insertRows(tx, Project, [record.project]);
      const labels = record.labels.map((l) => Object.assign(new ProjectLabel(), { ...l, project_uuid: record.project.uuid }));
      await insertRows(tx, ProjectLabel, labels);
      await insertRows(tx, InputSource, record.inputs);
      await insertRows(tx, Run, record.runs);
      await insertRows(tx, WebhookSubscription, record.webhooks);
    });
  }

  async insertInputs(inputs: InputSource[]): Promise<void> {
    await insertRows(this.db.manager, InputSource, inputs);
  }

  /** One page of projects, newest first. */
  async page(filters: ProjectFilters, page: { offset: number; limit: number }): Promise<ProjectRecord[]> {
    const projects = await this.filtered(filters)
      .orderBy('p.created_date', 'DESC')
      .addOrderBy('p.uuid', 'DESC')
      .offset(page.offset)
      .limit(page.limit)
      .getMany();
    return this.withRelated(projects);
  }

  /** The count of projects matching filters; pages resolve against it. */
  async count(filters: ProjectFilters): Promise<number> {
    return this.filtered(filters).getCount();
  }

  async findByName(name: string): Promise<ProjectRecord | null> {
    const project = await this.db.getRepository(Project).findOneBy({ name });
    return project ? ((await this.withRelated([project]))[0] ?? null) : null;
  }

  async findOne(uuid: string): Promise<ProjectRecord | null> {
    const project = await this.db.getRepository(Project).findOneBy({ uuid });
    if (!project) {
      return null;
    }
    const [record] = await this.withRelated([project]);
    return record ?? null;
  }

  async summaries(uuid: string): Promise<ProjectSummaries> {
    const resources = await this.db
      .getRepository(CodebaseResource)
      .createQueryBuilder('r')
      .select('r.status', 'key')
      .addSelect('COUNT(*)', 'count')
      .where('r.project_uuid = :uuid', { uuid })
      .groupBy('r.status')
      .orderBy('r.status')
      .getRawMany<{ key: string; count: string | number }>();
    const packages = await this.db
      .getRepository(DiscoveredPackage)
      .createQueryBuilder('p')
      .select('COUNT(*)', 'total')
      .addSelect(`SUM(CASE WHEN p.missing_resources <> '[]' THEN 1 ELSE 0 END)`, 'missing')
      .addSelect(`SUM(CASE WHEN p.modified_resources <> '[]' THEN 1 ELSE 0 END)`, 'modified')
      .where('p.project_uuid = :uuid', { uuid })
      .getRawOne<{ total: string | number; missing: string | number | null; modified: string | number | null }>();
    const dependencies = await this.db
      .getRepository(DiscoveredDependency)
      .createQueryBuilder('d')
      .select('COUNT(*)', 'total')
      .addSelect('SUM(CASE WHEN d.is_runtime THEN 1 ELSE 0 END)', 'runtime')
      .addSelect('SUM(CASE WHEN d.is_optional THEN 1 ELSE 0 END)', 'optional')
      .addSelect('SUM(CASE WHEN d.is_pinned THEN 1 ELSE 0 END)', 'pinned')
      .where('d.project_uuid = :uuid', { uuid })
      .getRawOne<Record<'total' | 'runtime' | 'optional' | 'pinned', string | number | null>>();
    const relations = await this.db
      .getRepository(CodebaseRelation)
      .createQueryBuilder('r')
      .select('r.map_type', 'key')
      .addSelect('COUNT(*)', 'count')
      .where('r.project_uuid = :uuid', { uuid })
      .groupBy('r.map_type')
      .orderBy('r.map_type')
      .getRawMany<{ key: string; count: string | number }>();
    return {
      codebase_resources_summary: countMap(resources),
      discovered_packages_summary: {
        total: Number(packages?.total ?? 0),
        with_missing_resources: Number(packages?.missing ?? 0),
        with_modified_resources: Number(packages?.modified ?? 0),
      },
      discovered_dependencies_summary: {
        total: Number(dependencies?.total ?? 0),
        is_runtime: Number(dependencies?.runtime ?? 0),
        is_optional: Number(dependencies?.optional ?? 0),
        is_pinned: Number(dependencies?.pinned ?? 0),
      },
      codebase_relations_summary: countMap(relations),
    };
  }

  /** Delete the project; every related row goes with it (foreign keys cascade). */
  async delete(uuid: string, tx: EntityManager = this.db.manager): Promise<void> {
    await tx.getRepository(Project).delete({ uuid });
  }

  async setArchived(uuid: string): Promise<void> {
    await this.db.getRepository(Project).update({ uuid }, { is_archived: true });
  }

  /**
   * Delete what runs produced (results, messages, runs, webhook deliveries) and, unless
   * kept, the input sources and webhook subscriptions; labels and settings stay, counters
   * and extra_data start over. `runs` are inserted in the same transaction.
   */
  async reset(uuid: string, keep: { inputs: boolean; webhooks: boolean }, runs: Run[]): Promise<void> {
    const tables = [...RESET_TABLES, ...(keep.inputs ? [] : [InputSource]), ...(keep.webhooks ? [] : [WebhookSubscription])];
    await this.db.transaction(async (tx) => {
      for (const table of tables) {
        await tx.createQueryBuilder().delete().from(table).where('project_uuid = :uuid', { uuid }).execute();
      }
      await tx.getRepository(Project).update(
        { uuid },
        { extra_data: {}, resource_count: 0, package_count: 0, dependency_count: 0, message_count: 0, relation_count: 0 },
      );
      await insertRows(tx, Run, runs);
    });
  }

  async counts(uuid: string): Promise<ProjectCounts> {
    const count = (entity: new () => object, vulnerable = false) => {
      const qb = this.db.getRepository(entity).createQueryBuilder('t').where('t.project_uuid = :uuid', { uuid });
      return vulnerable ? qb.andWhere("t.affected_by_vulnerabilities NOT IN ('[]', '', 'null')").getCount() : qb.getCount();
    };
    const [messages, packages, vulnerablePackages, dependencies, vulnerableDependencies] = await Promise.all([
      count(ProjectMessage),
      count(DiscoveredPackage),
      count(DiscoveredPackage, true),
      count(DiscoveredDependency),
      count(DiscoveredDependency, true),
    ]);
    return { messages, packages, vulnerablePackages, dependencies, vulnerableDependencies };
  }

  private filtered(filters: ProjectFilters): SelectQueryBuilder<Project> {
    const dialect = dialectOf(this.db);
    const qb = this.db.getRepository(Project).createQueryBuilder('p');
    if (filters.name !== undefined) {
      qb.andWhere('p.name = :name', { name: filters.name });
    }
    const matches = [
      ['nameContains', 'contains'],
      ['nameStartsWith', 'startswith'],
      ['nameEndsWith', 'endswith'],
    ] as const;
    for (const [key, kind] of matches) {
      const value = filters[key];
      if (value !== undefined && value !== '') {
        qb.andWhere(textMatchSql(dialect, 'p.name', key, kind), { [key]: value });
      }
    }
    if (filters.names?.length) {
      const names = filters.names;
      qb.andWhere(
        new Brackets((or) => {
          names.forEach((value, i) => or.orWhere(textMatchSql(dialect, 'p.name', `names${i}`, 'contains'), { [`names${i}`]: value }));
        }),
      );
    }
    if (filters.uuid !== undefined) {
      qb.andWhere('p.uuid = :uuid', { uuid: filters.uuid });
    }
    if (filters.isArchived !== undefined) {
      qb.andWhere('p.is_archived = :archived', { archived: filters.isArchived });
    }
    if (filters.label !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM project_label l WHERE l.project_uuid = p.uuid AND l.slug = :label)', {
        label: filters.label,
      });
    }
    if (filters.search) {
      qb.andWhere(
        "(LOWER(p.name) LIKE :search ESCAPE '\\' OR EXISTS (SELECT 1 FROM project_label sl WHERE sl.project_uuid = p.uuid AND LOWER(sl.name) LIKE :search ESCAPE '\\'))",
        { search: `%${escapeLike(filters.search.toLowerCase())}%` },
      );
    }
    if (filters.nameSearch) {
      qb.andWhere("LOWER(p.name) LIKE :nameSearch ESCAPE '\\'", { nameSearch: `%${escapeLike(filters.nameSearch.toLowerCase())}%` });
    }
    if (filters.labelNames?.length) {
      qb.andWhere('EXISTS (SELECT 1 FROM project_label ln WHERE ln.project_uuid = p.uuid AND ln.name IN (:...labelNames))', {
        labelNames: filters.labelNames,
      });
    }
    if (filters.pipelineNames?.length) {
      qb.andWhere('EXISTS (SELECT 1 FROM run r WHERE r.project_uuid = p.uuid AND r.pipeline_name IN (:...pipelineNames))', {
        pipelineNames: filters.pipelineNames,
      });
    }
    if (filters.createdBefore) {
      qb.andWhere('p.created_date < :createdBefore', { createdBefore: filters.createdBefore.toISOString() });
    }
    return qb;
  }

  /** Labels, runs and inputs of a page of projects, in three queries whatever the page size. */
  private async withRelated(projects: Project[]): Promise<ProjectRecord[]> {
    if (projects.length === 0) {
      return [];
    }
    const uuids = projects.map((p) => p.uuid);
    const [labels, runs, inputs] = await Promise.all([
      this.db.getRepository(ProjectLabel).find({ where: { project_uuid: In(uuids) }, order: { name: 'ASC' } }),
      this.db.getRepository(Run).find({ where: { project_uuid: In(uuids) }, order: { created_date: 'ASC', uuid: 'ASC' } }),
      this.db.getRepository(InputSource).find({ where: { project_uuid: In(uuids) }, order: { created_date: 'ASC', uuid: 'ASC' } }),
    ]);
    const group = <T extends { project_uuid: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) {
        map.set(row.project_uuid, [...(map.get(row.project_uuid) ?? []), row]);
      }
      return map;
    };
    const labelsBy = group(labels);
    const runsBy = group(runs);
    const inputsBy = group(inputs);
    return projects.map((project) => ({
      project,
      labels: (labelsBy.get(project.uuid) ?? []).map((l) => l.name),
      runs: runsBy.get(project.uuid) ?? [],
      inputs: inputsBy.get(project.uuid) ?? [],
    }));
  }
}

function countMap(rows: { key: string | null; count: string | number }[]): Record<string, number> {
  const map: Record<string, number> = {};
  for (const row of rows) {
    map[row.key ?? ''] = Number(row.count);
  }
  return map;
}
