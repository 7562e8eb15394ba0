import type { Warning } from './response.js';

/** The warning for a setting a provider could not honour: the call went ahead without it. */
export const unsupportedSetting = (setting: string, details: string): Warning => ({
  type: 'unsupported-setting',
  setting,
  details,
});
