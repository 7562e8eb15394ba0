import { createMemoryHealthStore } from '@llmux/core';
import { describeHealthStore } from './health-store-contract.js';

describeHealthStore('createMemoryHealthStore', ({ clock, maxSamples }) =>
  createMemoryHealthStore({ clock, maxSamples }),
);
