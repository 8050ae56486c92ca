// A local round-robin in front of several servers (bench/http-overhead.mjs, two-instance figures):
// each request goes to the next upstream over a keep-alive connection, as nginx's default upstream
// would. The same proxy stands in front of both sides of a comparison, so its cost is shared.
import http from 'node:http';

const { PORT, UPSTREAMS } = process.env;
if (!PORT || !UPSTREAMS) throw new Error('round-robin needs PORT and UPSTREAMS (comma-separated base URLs)');
const upstreams = UPSTREAMS.split(',').map((u) => new URL(u));
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = http.createServer((req, res) => {
  const target = upstreams[next];
  next = (next + 1) % upstreams.length;
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 30_000;
server.listen(Number(PORT), '127.0.0.1', () => console.log(`round-robin listening on http://127.0.0.1:${PORT}`));
const shutdown = () => server.close(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
