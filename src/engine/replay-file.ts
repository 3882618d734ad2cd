/**
 * Reading a replay file (`crisis-room-replay/1`) with positions for its diagnostics. Verifying it
 * against a scenario is replay.ts (kept free of the yaml and zod parsers used here).
 */
import { LIMITS, ReplaySchema, type ReplayFile } from '../scenario/schema.ts';
import { readSource, type DataPath } from '../scenario/source.ts';
import { schemaKeys, sharedIssueDiagnostics, stripExtensions } from '../scenario/validate.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';

const REPLAY_MAX_BYTES = 8 * 1024 * 1024;
let replayKeys: Set<string> | undefined;

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
  // Missing and unknown keys read as in scenario files; any other issue is the replay rule, at the value.
  return {
    diagnostics: parsed.error.issues.flatMap(
      (i) =>
        sharedIssueDiagnostics(i, src, file, () => (replayKeys ??= schemaKeys(ReplaySchema))) ?? [
          {
            severity: 'error' as const,
            rule: 'replay' as const,
            message: i.message,
            file,
            ...src.locate(i.path as DataPath),
          },
        ],
    ),
  };
}

/** The hand-in file's name: `<scenario>-<name>-<date>.json` (the name made file-safe; left out when none). */
export function handInFileName(scenarioId: string, player: string | undefined, date: Date): string {
  const name = (player ?? '')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `${[scenarioId, name, day].filter(Boolean).join('-')}.json`;
}
