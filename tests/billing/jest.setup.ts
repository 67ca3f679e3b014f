// Real services take seconds to boot; the reliability run waits out consumer-group rebalances and a broker restart.
jest.setTimeout(300_000);
