import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * A bare node:http server in its own process answering every POST, once its body is read, with a streamed
 * completion's smallest form (one text chunk, a usage chunk, [DONE]). The same client request against it measures
 * what HTTP on loopback between two processes costs before any serving work: the floor under a served TTFT.
 */
const SERVER = `
const http = require('node:http');
const body = 'data: {"choices":[{"text":"x"}]}\\n\\n' + 'data: {"choices":[],"usage":{"completion_tokens":1}}\\n\\n' + 'data: [DONE]\\n\\n';
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
// Ends with its parent, however the parent ends.
process.stdin.on('end', () => process.exit(0)).resume();
`;

export class TransportFloorServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<TransportFloorServer> {
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    return new TransportFloorServer(child, `http://127.0.0.1:${Number(line.toString().trim())}`);
  }

  async stop(): Promise<void> {
    const exited = this.child.exitCode === null ? once(this.child, 'exit') : undefined;
    this.child.stdin?.end();
    await exited;
  }
}
