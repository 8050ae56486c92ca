// Node flags for the long-running production processes (`npm run serve`, bench/footprint.mjs).
// --max-semi-space-size=2: V8's young generation grows to 16 MiB per semi-space by default and
// stays resident; 2 MiB keeps the idle API at ~143 MiB instead of ~178 MiB (measured in
// bench/footprint.mjs) for a few more, shorter scavenges under load.
// Re-measured 1 Dec 2026 (bench/README.md, footprint pass): 4 MiB saves ~40 ms of start-up CPU for
// +4 MiB idle, 1 MiB gains nothing; 2 stays.
// API_NODE_FLAGS overrides them (space-separated; an empty value = Node's defaults).
export const API_NODE_FLAGS = (process.env.API_NODE_FLAGS ?? '--max-semi-space-size=2').split(' ').filter(Boolean);
