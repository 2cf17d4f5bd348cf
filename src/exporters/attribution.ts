import * as fs from 'node:fs';
import * as path from 'node:path';
import type spdxFull from 'spdx-license-list/full';
import { ActionError } from '../common/errors';
import { expressionSymbols, mapSymbols, parseExpression, renderExpression } from '../pipes/licenses/expression';
import { keyToSpdxId } from '../pipes/licenses/license-keys';
import type { DiscoveredPackage } from '../results/discovered-package.entity';
import { purlOf, toPackageView } from '../results/packages.views';
import { DEFAULT_ATTRIBUTION_TEMPLATE } from './attribution-template';
import { escapeHtml, renderDjangoTemplate, TemplateError } from './django-template';
import type { ExportSource } from './source';

const LICENSEDB_URL = 'https://scancode-licensedb.aboutcode.org';

export interface AttributionLicense {
  key: string;
  spdx_license_key: string;
  name: string;
  text: string;
  licensedb_url: string;
}

export interface AttributionOptions {
  /** Workspace folder: `<workspace>/templates/attribution.html` overrides the built-in template. */
  workspace: string;
}

/**
 * The attribution notice of the project's packages as HTML. The template is, first found:
 * the project's `attribution_template` setting, `codebase/.scancode/templates/attribution.html`,
 * `<workspace>/templates/attribution.html`, then the built-in one. Templates use Django's
 * syntax, as ScanCode.io's do.
 */
export async function renderAttribution(source: ExportSource, options: AttributionOptions): Promise<string> {
  const { project } = source.record;
  // Read on first use: the full list holds every license text (several megabytes).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const texts: SpdxTexts = require('spdx-license-list/full') as typeof spdxFull;
  const packages: Record<string, unknown>[] = [];
  const licenses = new Map<string, AttributionLicense>();
  for await (const batch of source.packageBatches()) {
    for (const pkg of batch) {
      const { data, packageLicenses } = packageData(pkg, texts);
      packages.push(data);
      packageLicenses.forEach((license) => licenses.set(license.key, license));
    }
  }
  const context = {
    project: { name: project.name, notes: project.notes, created_date: project.created_date },
    packages,
    licenses: [...licenses.values()].sort((a, b) => a.spdx_license_key.localeCompare(b.spdx_license_key)),
  };
  try {
    return renderDjangoTemplate(attributionTemplate(source, options), context);
  } catch (error) {
    if (error instanceof TemplateError) {
      throw new ActionError(`The attribution template cannot be rendered: ${error.message}`);
    }
    throw error;
  }
}

/** Where the template comes from, in ScanCode.io's order plus a workspace-wide override. */
export function attributionTemplate(source: ExportSource, options: AttributionOptions): string {
  const setting = source.record.project.settings.attribution_template;
  if (typeof setting === 'string' && setting.trim()) {
    return setting;
  }
  const candidates = [
    path.join(source.record.project.work_directory, 'codebase', '.scancode', 'templates', 'attribution.html'),
    path.join(options.workspace, 'templates', 'attribution.html'),
  ];
  for (const candidate of candidates) {
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) {
      return fs.readFileSync(candidate, 'utf8');
    }
  }
  return DEFAULT_ATTRIBUTION_TEMPLATE;
}

function packageData(pkg: DiscoveredPackage, texts: SpdxTexts) {
  const data: Record<string, unknown> = { ...toPackageView(pkg), package_url: purlOf(pkg), licenses: [], expression_links: '' };
  const packageLicenses: AttributionLicense[] = [];
  const expression = pkg.declared_license_expression;
  if (expression) {
    try {
      const parsed = parseExpression(expression);
      for (const key of expressionSymbols(parsed)) {
        packageLicenses.push(licenseOf(key.toLowerCase(), texts));
      }
      data.licenses = packageLicenses;
      data.expression_links = renderExpression(
        mapSymbols(parsed, (key) => `<a href="#license_${escapeHtml(key.toLowerCase())}">${escapeHtml(keyToSpdxId(key))}</a>`),
      );
    } catch {
      data.expression_links = escapeHtml(expression);
    }
  }
  return { data, packageLicenses };
}

type SpdxTexts = Readonly<Record<string, { name: string; licenseText: string }>>;

function licenseOf(key: string, texts: SpdxTexts): AttributionLicense {
  const spdx = keyToSpdxId(key);
  const known = texts[spdx];
  const licensedbUrl = `${LICENSEDB_URL}/${key}.html`;
  return {
    key,
    spdx_license_key: spdx,
    name: known?.name ?? key,
    text: known?.licenseText ?? `The text of this license is not available here: see ${licensedbUrl}`,
    licensedb_url: licensedbUrl,
  };
}
