#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (part of `npm start`) produces it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
if (!existsSync(built)) {
  console.error('gongkai: not built yet — run `npm run build` (or `npm start`) first');
  process.exit(1);
}
await import(built);
