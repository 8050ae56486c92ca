// How every browser of ours starts: Debian's Chromium (nothing downloaded), headless, no sandbox
// (CI runs as root), and none of its background traffic (there is no network to reach).
// Shared by the Playwright browser tests, the sandbox's inbox test and the screenshot script.
// CommonJS so ESM configs and CJS-compiled Jest tests can both load it.
'use strict';

exports.chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
