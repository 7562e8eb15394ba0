export type { ConformanceOptions } from './conformance/conformance-options.js';
export { contextLengthFaults } from './conformance/conformance-options.js';
export { runConformanceSuite } from './conformance/run-conformance-suite.js';
