// Each step drives the browser through real services: a cleaning run, Kafka round trips, a model loading.
jest.setTimeout(240_000);
