import { defaultModels } from './default-models.js';
import { createModelCatalog } from './model-catalog.js';

/** The built-in models and prices; extend it with `createModelCatalog(models, defaultModels)`. */
export const defaultCatalog = createModelCatalog(defaultModels);
