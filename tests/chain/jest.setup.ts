import { installOpenApiContractCheck } from '@llmchain/testing';

// Four services boot, a cleaning run finishes and a model loads before the first assertion.
jest.setTimeout(300_000);
// Every response from a running service must match the OpenAPI document it serves (status and body).
installOpenApiContractCheck();
