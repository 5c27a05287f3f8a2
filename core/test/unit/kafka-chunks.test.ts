import type { Message } from 'kafkajs';
import { chunkBySize } from '../../src/event-log/kafka';

describe('splitting produce requests by size', () => {
  it('keeps each request under the limit and every topic in order', () => {
    const value = 'v'.repeat(230); // 300 bytes with key and overhead
    const messages = new Map<string, Message[]>([
      ['a', Array.from({ length: 7 }, (_, i) => ({ key: `a${i}`, value }))],
      ['b', Array.from({ length: 3 }, (_, i) => ({ key: `b${i}`, value }))],
    ]);
    const requests = chunkBySize(messages, 1_000);
    expect(
      requests.map((r) =>
        r.map((t) => `${t.topic}:${t.messages.map((m) => String(m.key)).join(',')}`),
      ),
    ).toEqual([['a:a0,a1,a2'], ['a:a3,a4,a5'], ['a:a6', 'b:b0,b1'], ['b:b2']]);
  });

  it('sends a single record larger than the limit on its own, for the broker to judge', () => {
    const requests = chunkBySize(new Map([['t', [{ key: 'k', value: 'x'.repeat(5_000) }]]]), 1_000);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.[0]?.messages).toHaveLength(1);
  });
});
