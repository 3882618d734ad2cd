/**
 * Reading a replay file (`crisis-room-replay/1`) with positions for its diagnostics. Verifying it
 * against a scenario is replay.ts (kept free of the yaml and zod parsers used here).
 */
import { LIMITS, ReplaySchema, type ReplayFile } from '../scenario/schema.ts';
import { readSource } from '../scenario/source.ts';
import { stripExtensions } from '../scenario/validate.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';

const REPLAY_MAX_BYTES = 8 * 1024 * 1024;

/** Parse and shape-check a replay text. */
export function parseReplayText(text: string, file: string): { replay?: ReplayFile; diagnostics: Diagnostic[] } {
  const read = readSource(text, file, REPLAY_MAX_BYTES);
  if (!read.source) return { diagnostics: read.diagnostics };
  const src = read.source;
  // Over-long replays are refused before the schema walks them: every step costs a replay and a row.
  const steps = (src.data as { steps?: unknown } | null)?.steps;
  if (Array.isArray(steps) && steps.length > LIMITS.replaySteps)
    return {
      diagnostics: [
        {
          severity: 'error',
          rule: 'limit-steps',
          message: `the replay has ${steps.length.toLocaleString('en')} steps; at most ${LIMITS.replaySteps.toLocaleString('en')} are allowed`,
          file,
          ...src.locate(['steps'], true),
        },
      ],
    };
  const parsed = ReplaySchema.safeParse(stripExtensions(src.data), { reportInput: true });
  if (parsed.success) return { replay: parsed.data, diagnostics: [] };
  return {
    diagnostics: parsed.error.issues.map((i) => {
      const path = i.path as (string | number)[];
      const missing = i.code !== 'unrecognized_keys' && i.input === undefined && path.length > 0;
      const unknown = i.code === 'unrecognized_keys';
      return {
        severity: 'error' as const,
        rule: unknown ? 'unknown-key' : missing ? 'required' : 'replay',
        message: unknown
          ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`
          : missing
            ? `missing required key "${String(path[path.length - 1])}"`
            : i.message,
        file,
        ...src.locate(unknown ? [...path, i.keys[0]!] : missing ? path.slice(0, -1) : path, unknown),
      };
    }),
  };
}
