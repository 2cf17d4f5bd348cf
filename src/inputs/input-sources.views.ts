import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputSource } from './input-source.entity';

export interface InputSourceView {
  filename: string;
  download_url: string;
  is_uploaded: boolean;
  tag: string;
  exists: boolean;
  uuid: string;
}

/** ScanCode.io's `input_sources` item; `exists` looks at the project's input/ folder. */
export function toInputSourceView(input: InputSource, workDirectory: string): InputSourceView {
  return {
    filename: input.filename,
    download_url: input.download_url,
    is_uploaded: input.is_uploaded,
    tag: input.tag,
    exists: input.filename !== '' && fs.existsSync(path.join(workDirectory, 'input', input.filename)),
    uuid: input.uuid,
  };
}
