/**
 * Writes the OpenAPI contract of the app to a YAML file (default: the repository's openapi.yaml).
 * The e2e suite fails when the committed file differs from this output.
 */
import './openapi-env.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApi, createApp } from './bootstrap.js';
import { renderOpenApi } from './openapi-render.js';

const target = resolve(process.argv[2] ?? fileURLToPath(new URL('../../openapi.yaml', import.meta.url)));
// Not initialised: describing the routes needs no lifecycle hooks (no seeding, no DB).
const app = await createApp({ logger: false });
writeFileSync(target, renderOpenApi(buildOpenApi(app)));
await app.close();
console.log(`wrote ${target}`);
