import type { DiscoveredLicense } from './discovered-license.entity';

/** A unique license detection of a project (DiscoveredLicense), with its fields in export order. */
export function toLicenseDetectionView(l: DiscoveredLicense) {
  return {
    identifier: l.identifier,
    license_expression: l.license_expression,
    license_expression_spdx: l.license_expression_spdx,
    detection_count: l.detection_count,
    is_license_clue: l.is_license_clue,
    from_package: l.from_package,
    needs_review: l.needs_review,
    review_comments: l.review_comments,
    detection_log: l.detection_log,
    matches: l.matches,
    file_regions: l.file_regions,
    compliance_alert: l.compliance_alert,
  };
}
