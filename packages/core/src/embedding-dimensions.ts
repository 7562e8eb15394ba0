import { invalidSetting } from './check-provider-settings.js';
import type { ModelCatalog } from './model-catalog.js';

/** The settings of one embedding model a provider factory makes. */
export interface EmbeddingSettings {
  /**
   * The size of every vector the model makes (OpenAI `dimensions`, Gemini
   * `outputDimensionality`), sent with each call. Default: the model's own size, from the catalog.
   * Give it for a model the catalog does not know, and to make models of different sizes
   * interchangeable (text-embedding-3-small and gemini-embedding-001 both at 768).
   */
  dimensions?: number;
}

/**
 * The size an embedding model's vectors have: the `dimensions` setting (`fixed`, sent with each
 * call), else the catalog's size for the model. Throws `invalidSetting` for a bad setting, and
 * for a model of unknown size without one.
 */
export function embeddingDimensions(
  factory: string,
  catalog: ModelCatalog,
  target: { provider: string; modelId: string },
  settings: EmbeddingSettings = {},
): { dimensions: number; fixed: boolean } {
  if (typeof settings !== 'object' || settings === null) {
    throw invalidSetting(factory, 'embedding settings', 'an object', settings);
  }
  const { dimensions } = settings;
  if (dimensions !== undefined) {
    if (!(Number.isInteger(dimensions) && dimensions > 0)) {
      throw invalidSetting(factory, 'dimensions', 'a positive integer', dimensions);
    }
    return { dimensions, fixed: true };
  }
  const known = catalog.get(target.provider, target.modelId)?.embedding?.dimensions;
  if (known === undefined) {
    throw invalidSetting(
      factory,
      'dimensions',
      `the size of ${target.provider} model "${target.modelId}"'s vectors, which the catalog does not know`,
      dimensions,
    );
  }
  return { dimensions: known, fixed: false };
}
