import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions dig into the payload
  json: Record<string, any>;
  at: number;
}

/**
 * A real HTTP server on loopback that records what it receives. `respond` picks the
 * status of each request (by its index); 200 by default.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  respond: (index: number, request: ReceivedRequest) => number = () => 200;
  private server: http.Server | null = null;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: ReceivedRequest['json'] = {};
        try {
          json = JSON.parse(body);
        } catch {
          // recorded as is
        }
        const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, at: Date.now() };
        const status = this.respond(this.requests.length, received);
        this.requests.push(received);
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'thanks' : `status ${status}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Wait until `count` requests arrived (or fail after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} webhook requests, got ${this.requests.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.requests;
  }
}
