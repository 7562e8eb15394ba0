import { describe, expect, it } from 'vitest';
import { follow, SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('lets followers join the flight in progress and share its value', async () => {
    const flights = new SingleFlight<number>();
    expect(flights.join('k')).toBeUndefined();
    const flight = flights.lead('k');
    const a = flights.join('k');
    const b = flights.join('k');
    flight.resolve(42);
    await expect(a).resolves.toEqual({ type: 'value', value: 42 });
    await expect(b).resolves.toEqual({ type: 'value', value: 42 });
  });

  it('forgets a flight once it settles, and only the first settlement counts', async () => {
    const flights = new SingleFlight<number>();
    const flight = flights.lead('k');
    const joined = flights.join('k');
    flight.reject(new Error('boom'));
    flight.resolve(1);
    expect(flights.join('k')).toBeUndefined();
    await expect(joined).resolves.toMatchObject({ type: 'error', error: { message: 'boom' } });
  });

  it('stays joinable, with the value, until what the leader is keeping settles', async () => {
    const flights = new SingleFlight<number>();
    const flight = flights.lead('k');
    let kept!: () => void;
    flight.resolve(7, new Promise<void>((resolve) => (kept = resolve)));
    await expect(flights.join('k')).resolves.toEqual({ type: 'value', value: 7 });
    kept();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flights.join('k')).toBeUndefined();
  });

  it('tells followers when the leader was abandoned', async () => {
    const flights = new SingleFlight<number>();
    const flight = flights.lead('k');
    const joined = flights.join('k');
    flight.abandon();
    await expect(joined).resolves.toEqual({ type: 'abandoned' });
  });

  it('keeps flights for different keys apart', () => {
    const flights = new SingleFlight<number>();
    flights.lead('a');
    expect(flights.join('b')).toBeUndefined();
  });

  it('lets a follower stop waiting when its own signal aborts', async () => {
    const flights = new SingleFlight<number>();
    const flight = flights.lead('k');
    const controller = new AbortController();
    const waiting = follow(flights.join('k')!, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
    flight.resolve(1);
    await expect(
      follow(Promise.resolve({ type: 'value', value: 1 }), controller.signal),
    ).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
