import { LicenseDetectionCollector } from '../../pipes/licenses/collect';
import type { LicenseDetection, LicenseMatch } from '../../pipes/licenses/types';
import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';

/** The unique license detections of the project, from its files and its packages (DiscoveredLicense). */
async function collectAndCreateLicenseDetections(ctx: StepContext): Promise<void> {
  const collector = new LicenseDetectionCollector();
  for await (const batch of ctx.packages.resourceDetections()) {
    for (const resource of batch) {
      collector.addResource(resource.path, resource.license_detections as LicenseDetection[], resource.license_clues as LicenseMatch[]);
    }
  }
  for (const pkg of await ctx.packages.packageDetections()) {
    collector.addPackage(pkg.datafile_path, [...pkg.license_detections, ...pkg.other_license_detections] as LicenseDetection[]);
  }
  const detections = collector.results();
  await ctx.packages.replaceLicenseDetections(detections);
  const review = detections.filter((d) => d.needs_review).length;
  await ctx.log(`${detections.length} unique license detection(s) created${review ? `, ${review} to review` : ''}`);
}

export const collectLicenseDetectionsStep: PipelineStep<StepContext> = {
  name: 'collect_and_create_license_detections',
  summary: 'Create unique license detections from resources and packages.',
  run: collectAndCreateLicenseDetections,
};
