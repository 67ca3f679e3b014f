// Four services boot, a cleaning run finishes and a model loads before the first assertion.
jest.setTimeout(300_000);
