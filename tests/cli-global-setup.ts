/**
 * Global setup of the Node test projects: the CLI tests run the prebundled CLI as a process, so
 * build it first when any source is newer than it (a clean clone has none).
 */
import { buildCli, cliIsStale } from '../bin/build-cli.js';

export default async function setup(): Promise<void> {
  if (cliIsStale()) await buildCli();
}
