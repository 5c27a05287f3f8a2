import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, compileValidator } from '../../src';

// The README is what external consumers read: its example messages must stay valid.
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

function exampleFor(topic: string): unknown {
  const section = readme.split(`### ${topic}\n`)[1];
  const json = section?.split('```json\n')[1]?.split('\n```')[0];
  if (json === undefined) throw new Error(`README has no example for ${topic}`);
  return JSON.parse(json);
}

describe('the schema README', () => {
  it.each(ALL_TOPICS.map((t) => [t.name, t] as const))(
    'shows a valid example message for %s',
    (name, topic) => {
      const validator = compileValidator(topic.schema);
      expect(validator.assert(exampleFor(name))).toEqual(exampleFor(name));
    },
  );

  it('lists every topic in its table with its key and partition count', () => {
    for (const topic of ALL_TOPICS) {
      expect(readme).toContain(`| \`${topic.name}\` | `);
      const row = readme.split(`| \`${topic.name}\` | `)[1]?.split('\n')[0] ?? '';
      expect(row.split(' | ')[1]).toBe(String(topic.partitions));
    }
  });
});
