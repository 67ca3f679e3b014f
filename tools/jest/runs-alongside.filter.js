// `jest --filter` module: keeps the suites that may share the machine with another (all but suites-that-run-alone.js).
const { runsAlone } = require('./suites-that-run-alone');

module.exports = async (testPaths) => ({ filtered: testPaths.filter((testPath) => !runsAlone(testPath)) });
