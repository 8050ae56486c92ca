export { createSandbox, type RunningSandbox, type Sandbox } from './app.js';
export { loadCliConfig, resolveConfig, SandboxConfigError, type SandboxConfig, type SandboxOptions } from './config.js';
