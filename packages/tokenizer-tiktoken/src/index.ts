export { countRequestTokens, countTokens, o200kBase } from './o200k-base.js';
export { openaiTokenizer } from './openai-tokenizer.js';
