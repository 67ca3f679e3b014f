import { installOpenApiContractCheck } from '@llmchain/testing';

// The service takes seconds to boot and to load a model; rate-limit and revocation checks wait on Kafka.
jest.setTimeout(180_000);
// Every response from a running service must match the OpenAPI document it serves (status and body).
installOpenApiContractCheck();
