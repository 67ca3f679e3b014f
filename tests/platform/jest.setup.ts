import { installOpenApiContractCheck } from '@llmchain/testing';

// Real services take seconds to boot, and the exactly-once runs wait out consumer-group rebalances.
jest.setTimeout(240_000);
// Every response from a running service must match the OpenAPI document it serves (status and body).
installOpenApiContractCheck();
