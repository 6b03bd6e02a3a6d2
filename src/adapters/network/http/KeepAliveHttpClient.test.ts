import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { KeepAliveHttpClient } from './KeepAliveHttpClient.js';
import { ResponseReader } from './ResponseReader.js';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers) await c();
});

/** A raw TCP server: `answer` gets each request (head and body as text) and writes whatever it likes. */
async function rawServer(answer: (socket: net.Socket, request: string, n: number) => void): Promise<{ url: URL; connections: () => number }> {
  let connections = 0;
  let n = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const request = buf.slice(0, end + 4 + length);
        buf = buf.slice(end + 4 + length);
        answer(socket, request, n++);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sns?x=1`), connections: () => connections };
}

function client(timeoutMs = 2000, max = 4): KeepAliveHttpClient {
  const c = new KeepAliveHttpClient({ maxConnectionsPerOrigin: max, timeoutMs });
  closers.unshift(async () => c.close());
  return c;
}

describe('KeepAliveHttpClient', () => {
  it('POSTs with the given headers to a Node server and reuses at most N connections', async () => {
    const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
    let connections = 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ url: req.url!, headers: req.headers, body });
        res.writeHead(req.url === '/sns?fail' ? 503 : 200, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = client(2000, 3);
    const body = 'héllo\r\nworld';
    const statuses = await Promise.all(Array.from({ length: 30 }, () => c.post(new URL(`${base}/sns?a=b`), { 'content-type': 'text/plain; charset=UTF-8', 'content-length': Buffer.byteLength(body), 'x-amz-sns-message-type': 'Notification' }, body)));
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(seen.length, 30);
    assert.equal(seen[0]!.url, '/sns?a=b');
    assert.equal(seen[0]!.body, body);
    assert.equal(seen[0]!.headers['x-amz-sns-message-type'], 'Notification');
    assert.equal(seen[0]!.headers.host, new URL(base).host);
    assert.ok(connections <= 3, `${connections} connections`);
    assert.equal(await c.post(new URL(`${base}/sns?fail`), { 'content-length': 0 }, ''), 503);
    const withCredentials = new URL(`${base}/sns?auth`);
    withCredentials.username = 'sns';
    withCredentials.password = 'p@ss:word';
    assert.equal(await c.post(withCredentials, { 'content-length': 0 }, ''), 200);
    assert.equal(seen.at(-1)!.headers.authorization, `Basic ${Buffer.from('sns:p@ss:word').toString('base64')}`);
  });

  it('reads chunked answers with trailers, split anywhere, and interim 100 answers', async () => {
    const { url, connections } = await rawServer((socket, _req, n) => {
      const answer =
        n === 0
          ? 'HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: y\r\n\r\n'
          : 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n';
      // One byte at a time: the reader must not care where packets end.
      let i = 0;
      const tick = () => {
        if (i < answer.length) socket.write(answer[i++]!, tick);
      };
      tick();
    });
    const c = client();
    assert.equal(await c.post(url, { 'content-length': 1 }, 'a'), 202);
    assert.equal(await c.post(url, { 'content-length': 1 }, 'b'), 204);
    assert.equal(connections(), 1, 'the connection was kept');
  });

  it('treats a response without length as ending at the close, and honours Connection: close', async () => {
    const { url, connections } = await rawServer((socket, _req, n) => {
      if (n === 0) socket.end('HTTP/1.0 200 OK\r\n\r\nno length here');
      else socket.write('HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    const c = client();
    assert.equal(await c.post(url, { 'content-length': 0 }, ''), 200);
    assert.equal(await c.post(url, { 'content-length': 0 }, ''), 201);
    assert.equal(await c.post(url, { 'content-length': 0 }, ''), 201);
    assert.equal(connections(), 3);
  });

  it('sends again on a fresh connection when a kept-alive one turns out to be closed', async () => {
    const { url, connections } = await rawServer((socket, _req, n) => {
      // The second request lands on a connection the server is dropping (the keep-alive race).
      if (n === 1) socket.destroy();
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const c = client();
    assert.equal(await c.post(url, { 'content-length': 0 }, ''), 200);
    assert.equal(await c.post(url, { 'content-length': 0 }, ''), 200);
    assert.equal(connections(), 2);
  });

  it('fails requests that get no answer in time, refused connections and garbage', async () => {
    const silent = await rawServer(() => {});
    await assert.rejects(client(200).post(silent.url, { 'content-length': 0 }, ''), /no answer within 200 ms/);
    const garbage = await rawServer((socket) => socket.write('SMTP ready\r\n\r\n'));
    await assert.rejects(client().post(garbage.url, { 'content-length': 0 }, ''), /not an HTTP\/1.x response/);
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await assert.rejects(client().post(new URL(`http://127.0.0.1:${port}/`), { 'content-length': 0 }, ''), /ECONNREFUSED/);
  });
});

describe('ResponseReader', () => {
  it('refuses a malformed chunk size', () => {
    const r = new ResponseReader();
    assert.throws(() => r.push(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')), /chunk size/);
  });
});
