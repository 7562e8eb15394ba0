export type { MockModel, MockModelOptions, MockOutcome, MockScript } from './mock-model.js';
export { createMockModel } from './mock-model.js';
export type * from './simulator/types.js';
export { SimulatorRequestError } from './simulator/types.js';
