#!/usr/bin/env node
// Runs the prebundled CLI (dist-cli/crisis-room.mjs), building it first when a source is newer.
import { pathToFileURL } from 'node:url';
import { BUILT_CLI, buildCli, cliIsStale } from './build-cli.js';

if (cliIsStale()) await buildCli();
const { runProcess } = await import(pathToFileURL(BUILT_CLI).href);
runProcess(process.argv.slice(2));
