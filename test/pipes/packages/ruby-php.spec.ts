import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';

const root = join(__dirname, '../../fixtures/packages');
const parse = (rel: string, as = rel) => parseDatafile(as, readFileSync(join(root, rel)));

describe('RubyGems specifications installed by Debian ruby-* packages', () => {
  it('reads rack 2.2.22 without evaluating Ruby, keeping each dependency once', () => {
    const pkg = parse(
      'gem/rack-2.2.22.gemspec',
      'usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec',
    ).packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'gem_gemspec_installed_specifications',
      purl: 'pkg:gem/rack@2.2.22',
      declared_license_expression: 'mit',
      homepage_url: 'https://github.com/rack/rack',
      bug_tracking_url: 'https://github.com/rack/rack/issues',
      repository_download_url: 'https://rubygems.org/downloads/rack-2.2.22.gem',
    });
    expect(pkg?.parties).toEqual([
      { type: 'person', role: 'author', name: 'Leah Neukirchen', email: 'leah@vuxu.org', url: null },
    ]);
    expect(pkg?.dependencies.map((d) => [d.purl, d.extracted_requirement, d.scope, d.is_runtime])).toEqual([
      ['pkg:gem/minitest', '~> 5.0', 'development', false],
      ['pkg:gem/minitest-sprint', '>= 0', 'development', false],
      ['pkg:gem/minitest-global_expectations', '>= 0', 'development', false],
      ['pkg:gem/rake', '>= 0', 'development', false],
    ]);
  });

  it('maps the "Ruby" license of the json gem', () => {
    const pkg = parse('gem/json-2.6.3.gemspec', 'gems/json.gemspec').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'gemspec',
      purl: 'pkg:gem/json@2.6.3',
      declared_license_expression: 'ruby',
      declared_license_expression_spdx: 'Ruby',
    });
  });
});

describe('composer.json shipped in npm packages', () => {
  it('reads tinymce with its messy "MIT-only" license list', () => {
    const pkg = parse('composer/tinymce/composer.json', 'tinymce/composer.json').packages[0];
    expect(pkg).toMatchObject({
      datasource_id: 'php_composer_json',
      purl: 'pkg:composer/tinymce/tinymce@6.8.5',
      declared_license_expression_spdx: 'MIT',
      primary_language: 'PHP',
    });
    expect(pkg?.keywords).toContain('wysiwyg');
  });

  it('reads ckeditor4 with three or-later licenses combined', () => {
    const pkg = parse('composer/ckeditor4/composer.json', 'ckeditor4/composer.json').packages[0];
    expect(pkg?.purl).toBe('pkg:composer/ckeditor/ckeditor');
    expect(pkg?.declared_license_expression_spdx).toBe('GPL-2.0-or-later AND LGPL-2.1-or-later AND MPL-1.1+');
    expect(pkg?.declared_license_expression).toBe('gpl-2.0-plus AND lgpl-2.1-plus AND mpl-1.1-plus');
    expect(pkg?.parties[0]).toMatchObject({ name: 'CKSource', url: 'https://cksource.com' });
  });
});
