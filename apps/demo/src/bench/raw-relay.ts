import { startNodeChild } from './child-process.js';

/** A relay that does nothing but pipe: requests to `upstream`, answers back, byte for byte. */
const relaySource = (upstream: string) => `
import { createServer, request, Agent } from 'node:http';
const agent = new Agent({ keepAlive: true });
const upstream = new URL(${JSON.stringify(upstream)});
createServer((req, res) => {
  const up = request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
    (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); },
  );
  req.pipe(up);
}).listen(0, '127.0.0.1', function () {
  console.log('relay listening on http://127.0.0.1:' + this.address().port);
});
`;

export interface RawRelay {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The raw relay in its own process, as the gateway runs in its own. */
export async function startRawRelay(upstream: string): Promise<RawRelay> {
  const child = await startNodeChild(
    ['--input-type=module', '-e', relaySource(upstream)],
    /listening on (http:\/\/\S+)/,
  );
  return { url: child.match[1]!, pid: child.pid, stop: child.stop };
}
