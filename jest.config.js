// One jest run, three projects: engine specs without a database, and the same
// service specs against sqlite and against PostgreSQL.
const swc = ['@swc/jest', JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'))];
const transform = { '^.+\\.(t|j)s$': swc };
const serviceSpecs = ['<rootDir>/test/api/**/*.spec.ts', '<rootDir>/test/integration/**/*.spec.ts', '<rootDir>/test/cli/**/*.spec.ts'];
// The command line reaches the database only through the services and repositories that the API
// and integration specs test on both databases; on PostgreSQL one CLI spec shows the commands
// work there (each command is a child process that costs a second of CPU to start).
const postgresSpecs = [...serviceSpecs.slice(0, 2), '<rootDir>/test/cli/runs.spec.ts'];

const base = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transformIgnorePatterns: ['/node_modules/(?!(linguist-languages)/)'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // Most specs wait on child processes, databases and HTTP: two workers keep both cores busy.
  maxWorkers: 2,
  projects: [
    { ...base, displayName: 'pipes', testMatch: ['<rootDir>/test/pipes/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'sqlite',
      testMatch: serviceSpecs,
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts'],
      globalSetup: '<rootDir>/test/support/build-global-setup.ts',
    },
    {
      ...base,
      displayName: 'postgres',
      testMatch: postgresSpecs,
      setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
      globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
    },
  ],
};
