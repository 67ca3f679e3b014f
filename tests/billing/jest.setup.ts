import { installOpenApiContractCheck } from '@llmchain/testing';

// Real services take seconds to boot; the reliability run waits out consumer-group rebalances and a broker restart.
jest.setTimeout(300_000);
// Every response from a running service must match the OpenAPI document it serves (status and body).
installOpenApiContractCheck();
