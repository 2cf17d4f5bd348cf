import { InitialSchema1795566030106 } from './1795566030106-initial-schema';

/** Applied in this order; never edit a migration that has been released. */
export const SQLITE_MIGRATIONS = [InitialSchema1795566030106];
