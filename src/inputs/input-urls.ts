import { isGitUrl } from './git-clone';
import { ALLOW_PRIVATE_SETTING, literalHostRefusal } from './url-guard';

/**
 * Why an `input_urls` item cannot be fetched, found without network access (the host is
 * resolved and checked again when the run fetches it), or null when it may be stored.
 * Accepted: http(s) downloads and git repositories (`….git`), as ScanCode.io.
 */
export function inputUrlProblem(url: string, allowPrivate: boolean): string | null {
  if (url.startsWith('git@')) {
    return "SSH 'git@' URLs are not supported. Use https:// instead.";
  }
  if (/^pkg:/i.test(url)) {
    return `Package URL inputs (${url}) are not supported yet: give the package's download URL.`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a valid URL.`;
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme === 'file' && isGitUrl(url)) {
    return allowPrivate ? null : `file:// repositories are refused unless ${ALLOW_PRIVATE_SETTING}=true.`;
  }
  if (scheme === 'docker') {
    return `docker:// inputs are not supported yet: upload the image saved with \`docker save\`.`;
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return `URL scheme '${scheme}' is not supported: use http:// or https:// (git repositories: https://…/name.git).`;
  }
  if (!parsed.hostname) {
    return `${url} has no host.`;
  }
  return literalHostRefusal(parsed, allowPrivate);
}
