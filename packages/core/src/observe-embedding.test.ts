import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import type { EmbeddingModel, EmbedRequest } from './embedding-model.js';
import { LlmuxError } from './errors.js';
import { sequentialIds } from './ids.js';
import { observeEmbedding } from './observe-embedding.js';
import type { LlmuxEvent } from './observer.js';

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));

/** Answers each text with its length, after 30 ms; fails on a text saying `fail`. */
const model: EmbeddingModel = {
  provider: 'openai',
  modelId: 'text-embedding-3-small',
  dimensions: 1,
  async embed(request) {
    await clock.advance(30);
    if (request.inputs.includes('fail')) {
      throw new LlmuxError({ kind: 'overloaded', message: 'busy', provider: 'openai' });
    }
    return {
      provider: 'openai',
      model: 'text-embedding-3-small',
      embeddings: request.inputs.map((text) => [text.length]),
      usage: { inputTokens: 10 },
      costUsd: 0.0000002,
      latencyMs: 30,
      warnings: [],
      trace: { attempts: [] },
    };
  },
};

const observed = () => {
  const events: LlmuxEvent[] = [];
  const seen: EmbedRequest[] = [];
  const inner = {
    ...model,
    embed: (request: EmbedRequest) => {
      seen.push(request);
      return model.embed(request);
    },
  };
  const wrapped = observeEmbedding(inner, {
    observer: (e) => events.push(e),
    clock,
    ids: sequentialIds('req'),
  });
  return { wrapped, events, seen };
};

describe('observeEmbedding', () => {
  it('reports the request with an id, and its record as an embed with cost and latency', async () => {
    const { wrapped, events, seen } = observed();
    expect(wrapped.dimensions).toBe(1);
    const response = await wrapped.embed({ inputs: ['abc'], metadata: { tenant: 'acme' } });
    expect(response.embeddings).toEqual([[3]]);
    expect(seen[0]?.metadata).toEqual({ tenant: 'acme', requestId: 'req-1' });
    expect(events[0]).toMatchObject({
      type: 'request-start',
      requestId: 'req-1',
      operation: 'embed',
    });
    expect(events[1]).toMatchObject({
      type: 'request-end',
      record: {
        request_id: 'req-1',
        operation: 'embed',
        tenant: 'acme',
        input_tokens: 10,
        cost_usd: 0.0000002,
        latency_ms: 30,
        error_kind: null,
      },
    });
  });

  it('records a failure with its kind and rethrows it', async () => {
    const { wrapped, events } = observed();
    await expect(wrapped.embed({ inputs: ['fail'] })).rejects.toMatchObject({ kind: 'overloaded' });
    expect(events[1]).toMatchObject({
      record: { operation: 'embed', error_kind: 'overloaded', error_message: 'busy', cost_usd: 0 },
    });
  });
});
