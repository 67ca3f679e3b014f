import { installOpenApiContractCheck } from '@llmchain/testing';

// Real services take seconds to boot, cleaning jobs run in a queue, and the accuracy run cleans a few megabytes.
jest.setTimeout(240_000);
// Every response from a running service must match the OpenAPI document it serves (status and body).
installOpenApiContractCheck();
