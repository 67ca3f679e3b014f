// `jest --filter` module: keeps only the suites that run one at a time (suites-that-run-alone.js).
const { runsAlone } = require('./suites-that-run-alone');

module.exports = async (testPaths) => ({ filtered: testPaths.filter(runsAlone) });
