import { LlmuxError } from './errors.js';

const marker = Symbol.for('llmux.unpriced-model');

export interface UnpricedModelErrorOptions {
  provider: string;
  model: string;
  /** Why a price is needed here, when it is not plain: what cannot be done without one. */
  reason?: string;
  /** How to give the model a price. */
  remedy: string;
}

/**
 * A model has no price where one is needed: a `not_found` that names the provider and model and
 * says how to price it. Recognise it with `UnpricedModelError.isInstance(e)`; it is an
 * `LlmuxError` too.
 */
export class UnpricedModelError extends LlmuxError {
  readonly [marker] = true;

  constructor(options: UnpricedModelErrorOptions) {
    const { provider, model, reason, remedy } = options;
    super({
      kind: 'not_found',
      message: `No price is known for ${provider} model "${model}"${reason ? `: ${reason}` : ''}; ${remedy}`,
      provider,
      model,
    });
  }

  static override isInstance(error: unknown): error is UnpricedModelError {
    return LlmuxError.isInstance(error) && marker in error;
  }
}
