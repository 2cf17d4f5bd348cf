/**
 * An SBOM or inventory that cannot be imported: the message names the file, where in it the
 * problem is (a JSON path, a line) and what is wrong. Steps let it fail the run.
 */
export class SbomError extends Error {
  override readonly name = 'SbomError';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly where?: string,
  ) {
    super(`${file}: ${where ? `${where}: ` : ''}${problem}`);
  }
}
