/**
 * A pipeline is data: a name, a summary and ordered steps. Steps carry ScanCode.io's
 * stable names; a step with groups runs only when one of its groups is selected.
 */
export interface PipelineStep<Context = unknown> {
  name: string;
  summary: string;
  groups?: readonly string[];
  run: (ctx: Context) => Promise<void>;
}

export interface Pipeline<Context = unknown> {
  name: string;
  summary: string;
  description?: string;
  steps: readonly PipelineStep<Context>[];
  /** Add-ons cannot be the first pipeline of a project (ScanCode.io's UI rule). */
  isAddon?: boolean;
}

export interface PipelineSelection {
  name: string;
  /** null when no `:groups` part was given; `name:` selects an empty list. */
  groups: string[] | null;
}

/** Split `name:Group1,Group2` on the first colon, as ScanCode.io does. */
export function parsePipelineSelection(value: string): PipelineSelection {
  const colon = value.indexOf(':');
  if (colon < 0) {
    return { name: value.trim(), groups: null };
  }
  const groups = value
    .slice(colon + 1)
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return { name: value.slice(0, colon).trim(), groups };
}

/** Old names ScanCode.io still accepts, mapped to the current ones. */
export const LEGACY_PIPELINE_NAMES: Readonly<Record<string, string>> = {
  docker: 'analyze_docker_image',
  root_filesystems: 'analyze_root_filesystem_or_vm_image',
  docker_windows: 'analyze_windows_docker_image',
  inspect_manifest: 'inspect_packages',
  scan_codebase_packages: 'inspect_packages',
  deploy_to_develop: 'map_deploy_to_develop',
  scan_package: 'scan_single_package',
  collect_pygments_symbols: 'collect_symbols_pygments',
  collect_source_strings: 'collect_strings_gettext',
  collect_symbols: 'collect_symbols_ctags',
  collect_tree_sitter_symbols: 'collect_symbols_tree_sitter',
};
