// Real services take seconds to boot, and jobs clean and train in queues on a loaded 2-core machine.
jest.setTimeout(420_000);
