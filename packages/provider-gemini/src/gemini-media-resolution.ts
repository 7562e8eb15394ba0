import { MediaResolution } from '@google/genai';
import { type Message, unsupportedSetting as unsupported, type Warning } from '@llmux/core';

/**
 * The images' `detail` as Gemini's one `mediaResolution` for the request: `low` and `high` map to
 * their levels; where images ask for different details, the highest wins and the others warn.
 */
export function geminiMediaResolution(messages: Message[]): {
  mediaResolution?: MediaResolution;
  warnings: Warning[];
} {
  const details: Array<{ path: string; detail: 'low' | 'high' }> = [];
  messages.forEach((message, i) => {
    if (message?.role !== 'user' || !Array.isArray(message.content)) return;
    message.content.forEach((part, j) => {
      if (part.type === 'image' && (part.detail === 'low' || part.detail === 'high')) {
        details.push({ path: `messages[${i}].content[${j}].detail`, detail: part.detail });
      }
    });
  });
  if (details.length === 0) return { warnings: [] };
  const detail = details.some((d) => d.detail === 'high') ? 'high' : 'low';
  return {
    mediaResolution:
      detail === 'high'
        ? MediaResolution.MEDIA_RESOLUTION_HIGH
        : MediaResolution.MEDIA_RESOLUTION_LOW,
    warnings: details
      .filter((d) => d.detail !== detail)
      .map((d) =>
        unsupported(d.path, `Gemini sets one media resolution per request; ${detail} was used`),
      ),
  };
}
