/**
 * The published JSON Schema (schema/crisis-room-1.schema.json) is generated from the zod schema by
 * tools/write-schema.ts: the committed file must equal a freshly generated one (`npm run schema`
 * refreshes it), and it must say what the contract says about required keys and `x-` keys.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TEMPLATE, read } from './helpers.ts';

const SCHEMA = join(ROOT, 'schema', 'crisis-room-1.schema.json');
const haveSchema =
  existsSync(SCHEMA) &&
  existsSync(join(ROOT, 'tools', 'write-schema.ts')) &&
  existsSync(join(ROOT, 'src', 'scenario', 'json-schema.ts'));

type Obj = { [k: string]: unknown };

describe.runIf(haveSchema)('schema/crisis-room-1.schema.json', () => {
  it('is not stale: it equals the schema generated from zod now (run `npm run schema` to refresh it)', async () => {
    const { scenarioJsonSchema } = await import('../../src/scenario/json-schema.ts');
    expect(read(SCHEMA)).toBe(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  });

  it('tools/write-schema.ts writes it to that path, the same way', () => {
    const tool = read(join(ROOT, 'tools', 'write-schema.ts'));
    expect(tool).toContain("'schema/crisis-room-1.schema.json'");
    expect(tool).toContain('JSON.stringify(scenarioJsonSchema(), null, 2)');
  });

  const schema = () => JSON.parse(read(SCHEMA)) as Obj;
  const props = (o: unknown) => (o as Obj).properties as Obj;
  const items = (o: unknown) => (o as Obj).items as Obj;

  it('requires the keys the contract marks required, and no others', () => {
    const s = schema();
    const top = props(s);
    const node = items(top.nodes);
    const choice = items(props(node).choices);
    const required = (o: unknown) => [...(((o as Obj).required as string[]) ?? [])].sort();
    expect(required(s)).toEqual([
      'advisors',
      'endings',
      'format',
      'id',
      'language',
      'meters',
      'nodes',
      'role',
      'start',
      'summary',
      'title',
      'version',
    ]);
    expect(required(items(top.sources))).toEqual(['id', 'title']);
    expect(required(items(top.meters))).toEqual(['id', 'label', 'start']);
    expect(required(items(top.advisors))).toEqual(['id', 'name', 'title']);
    expect(required(node)).toEqual(['choices', 'id', 'text', 'title']);
    expect(required(items(props(node).news))).toEqual(['source', 'text']);
    expect(required(items(props(node).advice))).toEqual(['advisor', 'text']);
    expect(required(choice)).toEqual(['id', 'label', 'next']);
    expect(required(items(top.endings))).toEqual(['id', 'text', 'title', 'tone']);
    expect(required(props(node).history)).toEqual(['text']);
    expect(required(props(items(top.endings)).history)).toEqual(['text']);
  });

  it('closes every object to unknown keys but lets x- keys through', () => {
    let closed = 0;
    const walk = (v: unknown, where: string) => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
      if (!v || typeof v !== 'object') return;
      const o = v as Obj;
      if (o.type === 'object' && o.properties) {
        expect(o.additionalProperties, where).toBeDefined();
        expect(o.patternProperties, where).toEqual({ '^x-': {} });
        closed++;
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${where}.${k}`);
    };
    walk(schema(), '$');
    expect(closed).toBeGreaterThanOrEqual(10);
  });

  it('carries the contract limits', () => {
    const top = props(schema());
    const node = items(top.nodes);
    expect((top.nodes as Obj).maxItems).toBe(5000);
    expect((top.meters as Obj).maxItems).toBe(12);
    expect((top.advisors as Obj).maxItems).toBe(12);
    expect((props(node).choices as Obj).maxItems).toBe(10);
    expect((props(node).text as Obj).maxLength).toBe(20000);
    expect(props(node).timeLimit).toMatchObject({ minimum: 5, maximum: 3600 });
    expect((top.format as Obj).const).toBe('crisis-room/1');
  });

  it('is the schema the teacher template points its editor at', () => {
    expect(read(TEMPLATE).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../schema/crisis-room-1.schema.json',
    );
  });
});
