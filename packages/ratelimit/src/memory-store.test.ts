import { createMemoryStore } from './memory-store.js';
import { describeStoreBehaviour } from './store-behaviour-table.js';

describeStoreBehaviour('memory', createMemoryStore);
