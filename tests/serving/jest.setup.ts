// The service takes seconds to boot and to load a model; rate-limit and revocation checks wait on Kafka.
jest.setTimeout(180_000);
