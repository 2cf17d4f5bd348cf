import { InitialSchema1795566030106 } from './1795566030106-initial-schema';
import { RunProgress1795567059068 } from './1795567059068-run-progress';
import { WebhookDeliverySchedule1795575663757 } from './1795575663757-webhook-delivery-schedule';
import { ResourceSourceScriptFlags1795576418999 } from './1795576418999-resource-source-script-flags';
import { ResourceSizeSortIndex1795579118723 } from './1795579118723-resource-size-sort-index';
import { DropResourceMd5Sha256Indexes1795597947340 } from './1795597947340-drop-resource-md5-sha256-indexes';

/** Applied in this order; never edit a migration that has been released. */
export const POSTGRES_MIGRATIONS = [InitialSchema1795566030106, RunProgress1795567059068, WebhookDeliverySchedule1795575663757, ResourceSourceScriptFlags1795576418999, ResourceSizeSortIndex1795579118723, DropResourceMd5Sha256Indexes1795597947340];
