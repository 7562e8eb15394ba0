import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { startSimulator } from '@llmux/testkit';
import OpenAI from 'openai';

/** Starts the three provider simulators and asks each one question through its official SDK. */
export async function runHello(): Promise<void> {
  const [anthropic, openai, gemini] = await Promise.all([
    startSimulator('anthropic'),
    startSimulator('openai'),
    startSimulator('gemini'),
  ]);
  try {
    const question = 'Is the checkout service healthy?';
    const claude = await new Anthropic({
      apiKey: 'sim',
      baseURL: anthropic.baseURL,
    }).messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: question }],
    });
    const gpt = await new OpenAI({
      apiKey: 'sim',
      baseURL: openai.baseURL,
    }).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: question }],
    });
    const flash = await new GoogleGenAI({
      apiKey: 'sim',
      httpOptions: { baseUrl: gemini.baseURL },
    }).models.generateContent({ model: 'gemini-2.5-flash', contents: question });
    const rows = [
      [
        'anthropic',
        anthropic.url,
        claude.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
      ],
      ['openai', openai.url, gpt.choices[0]?.message.content ?? ''],
      ['gemini', gemini.url, flash.text ?? ''],
    ];
    for (const [provider, url, answer] of rows)
      console.log(`${provider.padEnd(10)} ${url.padEnd(24)} ${answer}`);
  } finally {
    await Promise.all([anthropic.close(), openai.close(), gemini.close()]);
  }
}
