/** Writes schema/crisis-room-1.schema.json from the zod schema (`npm run schema`). */
import { writeFileSync, mkdirSync } from 'node:fs';
import { scenarioJsonSchema } from '../src/scenario/json-schema.ts';

export const SCHEMA_PATH = 'schema/crisis-room-1.schema.json';
mkdirSync('schema', { recursive: true });
writeFileSync(SCHEMA_PATH, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
console.log(`wrote ${SCHEMA_PATH}`);
