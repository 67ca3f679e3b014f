import { installOpenApiContractCheck } from '@llmchain/testing';

// Real services take seconds to boot, and jobs clean and train in queues on a loaded 2-core machine.
jest.setTimeout(420_000);
// Every response from a running service must match the OpenAPI document it serves (status and body).
installOpenApiContractCheck();
