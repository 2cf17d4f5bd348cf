import type { Provider } from '@nestjs/common';
import type { Config } from '../config/config';
import { loadGlobalPolicies, type GlobalPolicies } from './project-policies';

export const GLOBAL_POLICIES = Symbol('GLOBAL_POLICIES');

/** The global policies file; loadConfig() has already refused an invalid one. */
export function globalPoliciesProvider(config: Config): Provider<GlobalPolicies> {
  return { provide: GLOBAL_POLICIES, useFactory: () => loadGlobalPolicies(config.policiesFile) };
}
