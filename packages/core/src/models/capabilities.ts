import type { ModelCapabilities } from '../model-catalog.js';

/** Every current model of the three providers takes tools and images and does JSON output. */
export const allCapabilities: ModelCapabilities = {
  tools: true,
  images: true,
  json: true,
  jsonSchema: true,
};
