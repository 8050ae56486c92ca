// No compile cache by default (issue #15). Node's on-disk V8 code cache (module.enableCompileCache,
// or NODE_COMPILE_CACHE=<dir>) saved only ~90 ms of the ~1.3 s of CPU the API needs to become
// ready, but Node keeps every module's cache in memory for the life of the process: +16–18 MiB
// idle RSS (bench/footprint.mjs, same run: 159 vs 141 MiB). Where start-up time matters more than
// memory, set NODE_COMPILE_CACHE=<a writable folder>: Node then enables it before this file runs.
import './server.js';
