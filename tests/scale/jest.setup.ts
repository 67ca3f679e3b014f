// Twelve processes boot on two cores, and the chain runs through while six of them are killed.
jest.setTimeout(300_000);
