process.env.SCANLOOM_TEST_DB = 'sqlite';
