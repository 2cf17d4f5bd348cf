import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatafile } from '../../../src/pipes/packages';

// Ruby and Gradle build files shipped in react-native-webview 13.12.5 and @react-native-community/template 0.76.5.
const root = join(__dirname, '../../fixtures/packages/react-native');
const parse = (rel: string) => parseDatafile(rel, readFileSync(join(root, rel)));

describe('build files of React Native packages', () => {
  it('reads a Gemfile with multi-constraint requirements', () => {
    const pkg = parse('template/Gemfile').packages[0];
    expect(pkg?.datasource_id).toBe('gemfile');
    expect(pkg?.dependencies.map((d) => [d.purl, d.extracted_requirement])).toEqual([
      ['pkg:gem/cocoapods', '>= 1.13, != 1.15.0, != 1.15.1'],
      ['pkg:gem/activesupport', '>= 6.1.7.5, != 7.1.0'],
      ['pkg:gem/xcodeproj', '< 1.26.0'],
    ]);
  });

  it('reads Gradle dependencies, leaving interpolated and dynamic versions unpinned', () => {
    const lib = parse('webview/android/build.gradle').packages[0];
    expect(lib?.dependencies.map((d) => [d.purl, d.scope, d.is_pinned])).toEqual([
      ['pkg:maven/org.jetbrains.kotlin/kotlin-gradle-plugin', 'classpath', false],
      ['pkg:maven/com.android.tools.build/gradle@7.0.4', 'classpath', true],
      ['pkg:maven/com.facebook.react/react-native', 'implementation', false],
      ['pkg:maven/org.jetbrains.kotlin/kotlin-stdlib', 'implementation', false],
      ['pkg:maven/androidx.webkit/webkit', 'implementation', false],
    ]);
    expect(lib?.dependencies[3]?.extracted_requirement).toBe("${safeExtGet('kotlinVersion')}");
    const app = parse('template/android/app/build.gradle').packages[0];
    expect(app?.dependencies.map((d) => d.purl)).toEqual([
      'pkg:maven/com.facebook.react/react-android',
      'pkg:maven/com.facebook.react/hermes-android',
    ]);
  });

  it('reads a podspec whose metadata comes from package.json: only literal values and dependencies', () => {
    const pkg = parse('webview/react-native-webview.podspec').packages[0];
    expect(pkg).toMatchObject({ datasource_id: 'cocoapods_podspec', name: null, purl: null });
    expect(pkg?.dependencies.map((d) => d.purl)).toEqual([
      'pkg:cocoapods/React-RCTFabric',
      'pkg:cocoapods/React-Codegen',
      'pkg:cocoapods/RCT-Folly',
      'pkg:cocoapods/RCTRequired',
      'pkg:cocoapods/RCTTypeSafety',
      'pkg:cocoapods/ReactCommon#turbomodule/core',
      'pkg:cocoapods/React-Core',
    ]);
  });

  it('reads a Podfile without pod lines as a datafile with no dependencies', () => {
    const pkg = parse('template/ios/Podfile').packages[0];
    expect(pkg?.datasource_id).toBe('cocoapods_podfile');
    expect(pkg?.dependencies).toEqual([]);
  });
});
