/** The built CLI file (dist-cli/crisis-room.mjs). */
export const BUILT_CLI: string;
/** Whether the built CLI is missing or older than any file it is built from. */
export function cliIsStale(): boolean;
/** Bundle src/cli/main.ts and its dependencies into BUILT_CLI. */
export function buildCli(): Promise<void>;
