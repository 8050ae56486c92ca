// Checks of docker/ that need no Docker engine (none runs on our CI machines): the images copy what
// `npm ci` needs, and the compose demo hands each service a configuration it accepts at start-up,
// checked with the API's own env schema and the sandbox's own config loader from their builds.
// Run: node --test docker/   (after `npm run build -w api -w sandbox`)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const docker = dirname(fileURLToPath(import.meta.url));
const root = join(docker, '..');
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const compose = parse(readFileSync(join(docker, 'compose.yaml'), 'utf8'), { merge: true });

/** Compose's own interpolation for the forms we use: ${X:-default}, ${X-default}, ${X:?message}. */
function interpolate(value, given = {}) {
  return String(value).replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name, kind, rest) => {
    if (name in given) return given[name];
    if (kind === '?') throw new Error(`${name} is required: ${rest}`);
    return rest ?? '';
  });
}

function serviceEnv(service, given) {
  return Object.fromEntries(
    Object.entries(compose.services[service].environment).map(([k, v]) => [k, interpolate(v, given)]),
  );
}

const required = { JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-long-admin-password' };

test('every Dockerfile that runs npm ci copies each workspace manifest first (npm ci needs the whole lockfile)', () => {
  for (const file of ['api.Dockerfile', 'dashboard.Dockerfile', 'sandbox.Dockerfile']) {
    const text = readFileSync(join(docker, file), 'utf8');
    const npmCi = text.indexOf('RUN npm ci');
    assert.ok(npmCi > 0, `${file} runs npm ci`);
    for (const workspace of workspaces) {
      const copy = text.indexOf(`COPY ${workspace}/package.json ${workspace}/package.json`);
      assert.ok(copy > 0 && copy < npmCi, `${file} copies ${workspace}/package.json before npm ci`);
    }
  }
});

test('compose builds from Dockerfiles and files that exist', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.build)
      assert.ok(
        existsSync(join(docker, service.build.context, service.build.dockerfile)),
        `${name}: ${service.build.dockerfile}`,
      );
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0];
      if (source.startsWith('.')) assert.ok(existsSync(join(docker, source)), `${name} mounts ${source}`);
    }
  }
});

test('every URL a service calls inside compose names a service and the port it listens on', () => {
  // What each image listens on: the Dockerfiles' PORT / SANDBOX_PORT, nginx's `listen`.
  const listens = {
    api: Number(/PORT=(\d+)/.exec(readFileSync(join(docker, 'api.Dockerfile'), 'utf8'))[1]),
    sandbox: Number(/SANDBOX_PORT=(\d+)/.exec(readFileSync(join(docker, 'sandbox.Dockerfile'), 'utf8'))[1]),
    dashboard: Number(/listen (\d+);/.exec(readFileSync(join(docker, 'nginx.conf'), 'utf8'))[1]),
    mongo: 27017,
  };
  const nginxUpstream = /proxy_pass http:\/\/([\w-]+):(\d+)/.exec(readFileSync(join(docker, 'nginx.conf'), 'utf8'));
  const internal = [
    ['dashboard (nginx proxy_pass)', `http://${nginxUpstream[1]}:${nginxUpstream[2]}`],
    ...Object.entries(serviceEnv('api', required)).map(([k, v]) => [`api ${k}`, v]),
    ...Object.entries(serviceEnv('sandbox')).map(([k, v]) => [`sandbox ${k}`, v]),
  ].filter(([, value]) => /^(https?|mongodb):\/\/(?!localhost)/.test(value));
  assert.ok(internal.length >= 4, 'the check found the service-to-service URLs');
  for (const [where, value] of internal) {
    const url = new URL(value);
    assert.ok(url.hostname in compose.services, `${where}: ${url.hostname} is a compose service`);
    assert.equal(
      Number(url.port),
      listens[url.hostname],
      `${where}: ${url.hostname} listens on ${listens[url.hostname]}`,
    );
  }
  // What the browser opens must be published on the host at the same port.
  for (const [service, variable] of [
    ['sandbox', 'SANDBOX_PUBLIC_URL'],
    ['api', 'VONAGE_CLIENT_URL'],
  ]) {
    const url = new URL(serviceEnv(service, required)[variable]);
    assert.ok(
      compose.services.sandbox.ports.includes(`${url.port}:${listens.sandbox}`),
      `${service} ${variable} is published`,
    );
  }
});

test('compose refuses to start the API without its production secrets', () => {
  assert.throws(() => serviceEnv('api', {}), /JWT_SECRET is required/);
});

test('the API accepts the compose environment, and talks to the sandbox by service name', async () => {
  const { envSchema } = await import(pathToFileURL(join(root, 'api/dist/config/env.schema.js')).href);
  const env = serviceEnv('api', required);
  const { error, value } = envSchema.validate(env, { abortEarly: false, allowUnknown: true });
  assert.equal(error, undefined, error?.message);
  assert.equal(value.NODE_ENV, 'production');
  assert.equal(value.VONAGE_SANDBOX_URL, 'http://sandbox:3100');
  assert.equal(value.VONAGE_PRIVATE_KEY, '/vonage/private.key');
});

test('the API and the sandbox agree on the application, and the sandbox accepts its compose environment', async (t) => {
  const keys = mkdtempSync(join(tmpdir(), 'tabletalk-vonage-keys-'));
  t.after(() => rmSync(keys, { recursive: true, force: true }));
  execFileSync(process.execPath, [join(docker, 'vonage-keys.mjs'), keys]);
  // The pair the one-shot step makes is a real, matching RSA pair.
  const privateKey = createPrivateKey(readFileSync(join(keys, 'private.key')));
  assert.equal(
    createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }),
    readFileSync(join(keys, 'public.key'), 'utf8'),
  );

  const { loadCliConfig } = await import(pathToFileURL(join(root, 'sandbox/dist/config.js')).href);
  const sandboxEnv = { ...serviceEnv('sandbox'), VONAGE_PUBLIC_KEY: join(keys, 'public.key') };
  const { options, notices } = loadCliConfig(sandboxEnv);
  assert.deepEqual(notices, [], 'no throwaway demo application: the configured one is used');
  const api = serviceEnv('api', required);
  for (const [variable, option] of [
    ['VONAGE_APPLICATION_ID', 'applicationId'],
    ['VONAGE_SIGNATURE_SECRET', 'signatureSecret'],
    ['VONAGE_API_KEY', 'apiKey'],
    ['VONAGE_API_SECRET', 'apiSecret'],
  ]) {
    assert.equal(options[option], api[variable], variable);
  }
  assert.equal(options.statusWebhookUrl, 'http://api:3000/api/webhooks/messages/status');
});

test('the API trusts X-Forwarded-For from the dashboard nginx only, and runs the sandbox as a declared demo', async () => {
  const { envSchema } = await import(pathToFileURL(join(root, 'api/dist/config/env.schema.js')).href);
  const { value } = envSchema.validate(serviceEnv('api', required), { abortEarly: false, allowUnknown: true });
  assert.equal(value.TRUST_PROXY, compose.services.dashboard.networks.default.ipv4_address);
  const subnet = compose.networks.default.ipam.config[0].subnet;
  assert.ok(
    value.TRUST_PROXY.startsWith(subnet.split('.').slice(0, 3).join('.')),
    'nginx address is in the fixed subnet',
  );
  assert.match(readFileSync(join(docker, 'nginx.conf'), 'utf8'), /X-Forwarded-For \$proxy_add_x_forwarded_for/);
  assert.equal(value.VONAGE_SANDBOX_ALLOWED, true);
  // Without the declaration, production refuses the sandbox.
  const refused = envSchema.validate(serviceEnv('api', { ...required, VONAGE_SANDBOX_ALLOWED: 'false' }), {
    abortEarly: false,
    allowUnknown: true,
  });
  assert.match(refused.error?.message ?? '', /VONAGE_SANDBOX_ALLOWED/);
});

test('real Vonage: emptying the sandbox variables leaves every host at Vonage, and needs real Vonage secrets', async () => {
  const { envSchema } = await import(pathToFileURL(join(root, 'api/dist/config/env.schema.js')).href);
  const published = { ...required, VONAGE_SANDBOX_URL: '', VONAGE_CLIENT_URL: '', VONAGE_CLIENT_API_URL: '' };
  const refused = envSchema.validate(serviceEnv('api', published), { abortEarly: false, allowUnknown: true });
  assert.match(refused.error?.message ?? '', /VONAGE_SIGNATURE_SECRET, VONAGE_API_SECRET/);
  const off = {
    ...published,
    VONAGE_SIGNATURE_SECRET: 'a-real-signature-secret',
    VONAGE_API_SECRET: 'a-real-api-secret',
  };
  const { error, value } = envSchema.validate(serviceEnv('api', off), { abortEarly: false, allowUnknown: true });
  assert.equal(error, undefined, error?.message);
  assert.equal(value.VONAGE_SANDBOX_URL, undefined);
  assert.equal(value.VONAGE_CLIENT_URL, undefined);
});

test('nginx serves the dashboard with a CSP (no inline script, no framing), nosniff and a Referrer-Policy on every location', () => {
  const conf = readFileSync(join(docker, 'nginx.conf'), 'utf8').replace(/^\s*#.*$/gm, '');
  const csp = /set \$csp "([^"]+)"/.exec(conf)?.[1];
  assert.ok(csp, 'a CSP is defined');
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  assert.deepEqual(directives['script-src'], ["'self'"]);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"]);
  assert.ok(directives['connect-src'].includes("'self'"), 'the API (same origin)');
  // nexmo-client reaches the sandbox the browser is told about (VONAGE_CLIENT_URL).
  const clientUrl = new URL(serviceEnv('api', required).VONAGE_CLIENT_URL);
  assert.ok(directives['connect-src'].includes(clientUrl.origin), `connect-src allows ${clientUrl.origin}`);
  assert.ok(directives['connect-src'].includes(`ws://${clientUrl.host}`), `connect-src allows ws://${clientUrl.host}`);
  // nginx drops server-level add_header in a location that has its own: each such location repeats them.
  const blocks = [
    conf.replace(/location[^{]*\{[^}]*\}/g, ''),
    ...(conf.match(/location[^{]*\{[^}]*\}/g) ?? []).filter((b) => b.includes('add_header')),
  ];
  for (const block of blocks) {
    for (const header of [
      'Content-Security-Policy $csp always',
      'X-Content-Type-Options nosniff always',
      'Referrer-Policy no-referrer always',
    ]) {
      assert.ok(block.includes(`add_header ${header}`), `${block.split('\n')[0].trim() || 'server'}: ${header}`);
    }
  }
  // The build must not inline critical CSS: its loader is an inline onload handler the CSP blocks.
  const angular = JSON.parse(readFileSync(join(root, 'dashboard/angular.json'), 'utf8'));
  assert.equal(
    angular.projects.dashboard.architect.build.configurations.production.optimization.styles.inlineCritical,
    false,
  );
});
