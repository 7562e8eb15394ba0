import { approximateTokens } from './token-estimate.js';
import { emptyUsage, type Usage } from './usage.js';

/** An embedding call's input tokens as a full `Usage`, for the pricing and budget functions. */
export const embedUsage = (inputTokens: number): Usage => ({ ...emptyUsage(), inputTokens });

/** Input tokens of texts to embed, as core estimates them (see `approximateTokens`). */
export const estimateEmbedTokens = (inputs: readonly string[]): number =>
  inputs.reduce((sum, text) => sum + approximateTokens(text), 0);
