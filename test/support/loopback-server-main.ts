/*
 * A test server of its own process, for what the emulator is not: an HTTP CONNECT proxy, or a
 * recorder that stands for "another host" and counts what reaches it. A synth blocks the jest
 * process while it logs in, so these must run elsewhere, like the emulator.
 *
 * Usage: node -r ts-node/register/transpile-only loopback-server-main.ts MODE HOST [CREDENTIALS]
 *   MODE         proxy | recorder
 *   HOST         the loopback address to listen on, such as 127.0.0.1 or 127.0.0.2
 *   CREDENTIALS  (proxy) user:password the proxy demands, answering 407 without them
 * Prints {"port": N} as its first line and runs until stdin closes.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, connect, isIP, Socket } from 'node:net';

interface LoggedRequest {
  readonly method: string;
  /** The CONNECT target (host:port) or the request path. */
  readonly target: string;
  readonly status: number;
  /** Whether the request carried the proxy credentials the proxy demands. */
  readonly authorized?: boolean;
}

const [mode, host, credentials] = process.argv.slice(2);
const log: LoggedRequest[] = [];
const ADMIN_PATH = '/__loopback/requests';

if (!['proxy', 'recorder'].includes(mode) || !isLoopback(host)) {
  process.stderr.write('usage: loopback-server-main.ts proxy|recorder LOOPBACK_HOST [user:pw]\n');
  process.exit(2);
}

const server = createServer((request, response) => {
  if (request.url === ADMIN_PATH) {
    answerAdmin(request, response);
    return;
  }
  // Both modes record ordinary requests; a proxy is only ever asked to CONNECT.
  request.resume();
  request.on('end', () => {
    const status = mode === 'recorder' ? 200 : 405;
    log.push({ method: request.method ?? '?', target: request.url ?? '', status });
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end('{"recorded":true}');
  });
});

server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
  const target = request.url ?? '';
  const authorized = credentials === undefined || proxyCredentials(request) === credentials;
  const refuse = (status: number, reason: string): void => {
    log.push({ method: 'CONNECT', target, status, authorized });
    const challenge = status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : '';
    client.end(`HTTP/1.1 ${status} ${reason}\r\n${challenge}Content-Length: 0\r\n\r\n`);
  };

  if (mode !== 'proxy') {
    refuse(405, 'Method Not Allowed');
    return;
  }
  if (!authorized) {
    refuse(407, 'Proxy Authentication Required');
    return;
  }
  const { hostname, port } = new URL(`http://${target}`);
  // The proxy forwards to this machine only, whatever it is asked for.
  if (!isLoopback(hostname)) {
    refuse(403, 'Forbidden');
    return;
  }

  let established = false;
  const upstream = connect(Number(port), hostname.replace(/^\[(.*)\]$/, '$1'), () => {
    established = true;
    log.push({ method: 'CONNECT', target, status: 200, authorized });
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => (established ? client.destroy() : refuse(502, 'Bad Gateway')));
  client.on('error', () => upstream.destroy());
});

server.listen(0, host, () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
});

function answerAdmin(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'DELETE') {
    log.length = 0;
  }
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(log));
}

function proxyCredentials(request: IncomingMessage): string | undefined {
  const header = request.headers['proxy-authorization'];
  const match = /^Basic (.+)$/.exec(header ?? '');
  return match === null ? undefined : Buffer.from(match[1], 'base64').toString('utf8');
}

function isLoopback(name: string | undefined): boolean {
  const bare = (name ?? '').replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}
