import { ApiToken } from '../auth/api-token.entity';
import { User } from '../auth/user.entity';
import { InputSource } from '../inputs/input-source.entity';
import { ProjectLabel } from '../projects/project-label.entity';
import { Project } from '../projects/project.entity';
import { CodebaseRelation } from '../results/codebase-relation.entity';
import { CodebaseResource } from '../results/codebase-resource.entity';
import { DiscoveredDependency } from '../results/discovered-dependency.entity';
import { DiscoveredLicense } from '../results/discovered-license.entity';
import { DiscoveredPackage } from '../results/discovered-package.entity';
import { ProjectMessage } from '../results/project-message.entity';
import { ResourcePackage } from '../results/resource-package.entity';
import { Run } from '../runs/run.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookSubscription } from '../webhooks/webhook-subscription.entity';

/** Every table, in one list: the data source, the migrations check and the tests use it. */
export const ENTITIES = [
  Project,
  ProjectLabel,
  Run,
  InputSource,
  CodebaseResource,
  DiscoveredPackage,
  ResourcePackage,
  DiscoveredDependency,
  CodebaseRelation,
  DiscoveredLicense,
  ProjectMessage,
  WebhookSubscription,
  WebhookDelivery,
  User,
  ApiToken,
];
