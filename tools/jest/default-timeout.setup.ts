// CI machines have two cores shared with Postgres, Redis and Kafka; Jest's 5 s default fails honest ML and I/O tests
// there. Projects with slower tests (real services) set a longer timeout in their own setup file.
jest.setTimeout(60_000);
