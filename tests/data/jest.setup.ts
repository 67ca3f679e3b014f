// Real services take seconds to boot, cleaning jobs run in a queue, and the accuracy run cleans a few megabytes.
jest.setTimeout(240_000);
