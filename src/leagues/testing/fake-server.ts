// A real HTTP server on 127.0.0.1:<random port> that plays a league API in tests, with switches
// to misbehave: answer 5xx, stall (for timeouts), drop the connection, send a malformed body.
// Every request is counted and logged. Nothing is mocked below the socket: the client under test
// goes through fetch, the network stack and JSON parsing exactly as in production.

import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  readonly method: string;
  /** The path without the query, e.g. /api/v3/players/12. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
}

export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type RouteHandler = (match: RegExpMatchArray, request: FakeRequest) => FakeAnswer;

export interface Route {
  readonly pattern: RegExp;
  readonly handle: RouteHandler;
}

/** How the next matching requests misbehave. `times` omitted: until clearFaults(). */
export type Fault =
  | { kind: "status"; status: number; times?: number; path?: RegExp }
  | { kind: "delay"; ms: number; times?: number; path?: RegExp }
  | { kind: "drop"; times?: number; path?: RegExp }
  | { kind: "not_json"; times?: number; path?: RegExp }
  /** Answer 200 with the normal body passed through `corrupt` (e.g. a field of the wrong type). */
  | { kind: "corrupt"; corrupt: (body: unknown) => unknown; times?: number; path?: RegExp };

type LiveFault = Fault & { remaining: number };

export class FakeApiServer {
  readonly requests: FakeRequest[] = [];
  private readonly server: Server;
  private faults: LiveFault[] = [];
  private baseUrl = "";

  constructor(
    private readonly routes: readonly Route[],
    private readonly apiKey: string | undefined,
    /**
     * Keys whose digit-string values go on the wire as bare integers, as the real APIs send
     * Discord ids (past 2^53, so the fixtures keep them as strings).
     */
    private readonly rawIntegerKeys: readonly string[] = [],
  ) {
    this.server = createServer((req, res) => {
      this.answer(req, res).catch(() => res.destroy());
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  /** http://127.0.0.1:<port> */
  get url(): string {
    return this.baseUrl;
  }

  /** Requests whose path matches, e.g. count(/\/players\/12$/). All requests without a pattern. */
  count(pattern?: RegExp): number {
    return pattern
      ? this.requests.filter((r) => pattern.test(r.path)).length
      : this.requests.length;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults = [];
  }

  resetCounts(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(path: string): LiveFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.path || f.path.test(path)));
    if (fault) fault.remaining--;
    return fault;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const request: FakeRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);

    const fault = this.takeFault(request.path);
    if (fault?.kind === "drop") {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "status") {
      return send(res, fault.status, { detail: `injected HTTP ${fault.status}` });
    }
    if (fault?.kind === "not_json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"count": 3, "players": [');
      return;
    }

    if (this.apiKey !== undefined && request.authorization !== `Bearer ${this.apiKey}`) {
      return send(res, 401, { detail: "Unauthorized" });
    }
    if (request.method !== "GET") return send(res, 405, { detail: "Method Not Allowed" });

    for (const route of this.routes) {
      const match = request.path.match(route.pattern);
      if (!match) continue;
      const answer = route.handle(match, request);
      const body =
        fault?.kind === "corrupt" && answer.status === 200
          ? fault.corrupt(answer.body)
          : answer.body;
      return send(res, answer.status, body, this.rawIntegerKeys);
    }
    return send(res, 404, { detail: "Not Found" });
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  rawIntegerKeys: readonly string[] = [],
): void {
  let text = typeof body === "string" ? body : JSON.stringify(body);
  if (rawIntegerKeys.length > 0) {
    const keys = rawIntegerKeys.join("|");
    text = text.replace(new RegExp(`("(?:${keys})":)"(\\d+)"`, "g"), "$1$2");
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}

export const ok = (body: unknown): FakeAnswer => ({ status: 200, body });
export const notFound = (what: string): FakeAnswer => ({
  status: 404,
  body: { detail: `${what} not found` },
});
