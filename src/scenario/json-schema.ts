/** The published JSON Schema, generated from the zod schema (one source of truth). */
import { z } from 'zod';
import { ScenarioSchema, FORMAT, FORMAT_REFERENCE } from './schema.ts';

type JsonObject = { [k: string]: unknown };

// Every closed object also accepts `x-` keys, as the contract allows authors' own notes anywhere.
function allowExtensions(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(allowExtensions);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as JsonObject;
  if (obj.type === 'object' && obj.additionalProperties !== undefined) obj.patternProperties = { '^x-': {} };
  for (const v of Object.values(obj)) allowExtensions(v);
}

/** The JSON Schema (draft 2020-12) for `crisis-room/1` scenario files. */
export function scenarioJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(ScenarioSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
  }) as JsonObject;
  allowExtensions(schema);
  return {
    ...schema,
    $id: 'https://crisis-room.invalid/schema/crisis-room-1.schema.json',
    title: `Crisis Room scenario (${FORMAT})`,
    description: `A Crisis Room scenario file. Every key is explained, with an example, in ${FORMAT_REFERENCE}. Cross-references, reachability and limits beyond shape are checked by \`npm run scenario -- check\` and by the game's scenario editor.`,
  };
}
