export { createSandbox, type RunningSandbox, type Sandbox } from './app.js';
export { loadCliConfig, resolveConfig, type SandboxConfig, SandboxConfigError, type SandboxOptions } from './config.js';
