import { enableCompileCache } from 'node:module';

// Most of the API's start-up is Node compiling its ~1,500 modules (Nest, mongoose, the Vonage SDK);
// V8's code cache on disk (NODE_COMPILE_CACHE, else the OS temp folder) skips that from the second
// start on. It must be on before those modules load, hence this entry and the dynamic import below.
// A read-only or missing cache folder only means a cold start: enableCompileCache reports, never throws.
enableCompileCache();

await import('./server.js');
