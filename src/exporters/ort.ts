import { stringify as toYaml } from 'yaml';
import { purlOf } from '../results/packages.views';
import type { ExportSource } from './source';

/** ORT separates identifier parts with colons, so a colon inside a part becomes `_`. */
function idPart(value: string): string {
  return value.replace(/:/g, '_');
}

/**
 * The packages as an OSS Review Toolkit package list (`package-list.yml`, the input of
 * ORT's `create-analyzer-result-from-package-list`), as ScanCode.io writes it. Packages of
 * a project fed from a `docker://` input are typed `docker`.
 */
export async function renderOrtPackageList(source: ExportSource): Promise<string> {
  const isDocker = source.record.inputs.some((input) => input.download_url.startsWith('docker://'));
  const dependencies: Record<string, unknown>[] = [];
  for await (const batch of source.packageBatches()) {
    for (const pkg of batch) {
      const authors = (pkg.parties as { role?: string; name?: string }[])
        .filter((party) => party && party.role === 'author' && party.name)
        .map((party) => party.name);
      dependencies.push({
        id: `${idPart(isDocker ? 'docker' : pkg.type)}::${idPart(pkg.name)}:${idPart(pkg.version)}`,
        purl: purlOf(pkg),
        vcs: { type: null, url: pkg.vcs_url || null, revision: null, path: null },
        sourceArtifact: { url: pkg.download_url },
        declaredLicenses: pkg.declared_license_expression_spdx ? [pkg.declared_license_expression_spdx] : [],
        description: pkg.description || null,
        homepageUrl: pkg.homepage_url || null,
        authors: [...new Set(authors)],
      });
    }
  }
  const packageList = {
    projectName: source.record.project.name,
    projectVcs: { type: null, url: null, revision: null, path: null },
    dependencies,
  };
  return toYaml(packageList);
}
