export default async function postgresGlobalSetup(): Promise<void> {}
