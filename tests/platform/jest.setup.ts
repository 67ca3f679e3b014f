// Real services take seconds to boot, and the exactly-once runs wait out consumer-group rebalances.
jest.setTimeout(240_000);
