import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { makeDependency, makePackageData, type DependentPackage, type PackageData } from './models';
import { buildPurl } from './purl';

// Gradle build scripts are Groovy or Kotlin programs: declared dependencies are read with patterns, never run.
const CONFIGURATIONS =
  /^\s*(implementation|api|compile|compileOnly|runtimeOnly|runtime|testImplementation|testCompile|testRuntimeOnly|annotationProcessor|kapt|classpath)\s*\(?\s*(.+?)\)?\s*$/;

function isRuntime(configuration: string): boolean {
  return !/^test|compileOnly|annotationProcessor|kapt|classpath/.test(configuration);
}

function parseBuildGradle({ content }: DatafileInput): PackageData[] {
  const dependencies: DependentPackage[] = [];
  for (const line of decodeText(content).split(/\r?\n/)) {
    const m = CONFIGURATIONS.exec(line.replace(/\/\/.*$/, ''));
    if (!m?.[1] || !m[2]) {
      continue;
    }
    const [, configuration, args] = m;
    let group: string | null = null;
    let name: string | null = null;
    let version: string | null = null;
    // The closing quote must match the opening one: "a:b:${ext('v')}" holds single quotes.
    const coordinate = /^(["'])([^:"']+):([^:"']+)(?::(.+?))?\1/.exec(args);
    if (coordinate) {
      [, , group = null, name = null, version = null] = coordinate;
      version = version?.replace(/@[\w]+$/, '') ?? null;
    } else {
      // Map notation: group: 'x', name: 'y', version: 'z' (Groovy) or group = "x" (Kotlin).
      const named = (key: string): string | null =>
        new RegExp(`${key}\\s*[:=]\\s*["']([^"']+)["']`).exec(args)?.[1] ?? null;
      group = named('group');
      name = named('name');
      version = named('version');
    }
    if (!name) {
      continue;
    }
    const pinned = version !== null && !/[$+[\]()]/.test(version);
    const runtime = isRuntime(configuration);
    dependencies.push(
      makeDependency({
        purl: buildPurl({ type: 'maven', namespace: group, name, version: pinned ? version : null }),
        extracted_requirement: version,
        scope: configuration,
        is_runtime: runtime,
        is_optional: !runtime,
        is_pinned: pinned,
      }),
    );
  }
  return [
    makePackageData({ datasource_id: 'build_gradle', type: 'maven', primary_language: 'Java', dependencies }),
  ];
}

export const buildGradleHandler: DatafileHandler = {
  datasourceId: 'build_gradle',
  packageType: 'maven',
  patterns: ['*/build.gradle', '*/build.gradle.kts'],
  parse: parseBuildGradle,
};
