import { ConfigService } from '@nestjs/config';
import { createApp } from './bootstrap.js';
import type { AppConfig } from './config/configuration.js';

const app = await createApp();
const { port, host } = app.get(ConfigService).getOrThrow<AppConfig>('app');
await app.listen(port, host);
console.log(`TableTalk API listening on ${await app.getUrl()}/api (docs: /api/docs)`);
