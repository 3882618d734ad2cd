/**
 * The constants of the file contract that code outside the checker needs (the engine, saves, the
 * game), in a module that imports nothing: importing them from schema.ts would load zod on the
 * game's start-up path. schema.ts re-exports them, so either import works for the checker.
 */

export const FORMAT = 'crisis-room/1';
export const REPLAY_FORMAT = 'crisis-room-replay/1';

/** The limits of the contract, in one place. */
export const LIMITS = {
  fileBytes: 2 * 1024 * 1024,
  nodes: 5000,
  choicesPerNode: 10,
  meters: 12,
  advisors: 12,
  textChars: 20_000,
  exploreStates: 1_000_000,
  /** The explorer's memory budget (estimated bytes of states and edges): states alone do not bound it. */
  exploreBytes: 256 * 1024 * 1024,
  /** Distinct flag names in a scenario: each state carries one bit per flag. */
  flags: 256,
  /** Endings in a scenario (nodes have their own limit). */
  endings: 1000,
  /** Items of any other list (sources, news, advice, learning goals, set/unset/has/lacks, all/any, branches, effects). */
  listItems: 200,
  /** Steps in a replay: far more than any game, few enough to replay and show at once. */
  replaySteps: 10_000,
  /** Tests in one condition (meter tests, flags of has/lacks, nested maps): a condition is tested on every step. */
  conditionTests: 1000,
  /** Work (condition tests, choices, branches) re-playing one replay may cost: steps x step cost. */
  replayWork: 10_000_000,
  /** Work the explorer may do (condition tests, choices, branches of every state it expands). */
  exploreWork: 100_000_000,
} as const;

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CONDITION_PATTERN = /^\s*(<=|>=|==|!=|<|>)\s*(-?\d+)\s*$/;
/** Addresses the game turns into links; anything else is shown as text (never a javascript: link). */
export const LINKABLE_URL = /^https?:\/\/[^\s]+$/i;
