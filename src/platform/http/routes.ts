/** A plain answer to a GET, independent of the HTTP framework so features never import restify. */
export type HttpAnswer = {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
};
export type HttpGetHandler = (params: Record<string, string>) => Promise<HttpAnswer>;

/** What a feature's API route gets of a request: already parsed, still framework-free. */
export type HttpRequest = {
  params: Record<string, string>;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The parsed JSON body of a POST (undefined for a GET). */
  body: unknown;
  /** True when the request came from this machine (127.0.0.1 or ::1), for what `npm start` allows locally only. */
  fromLoopback: boolean;
};
export type HttpHandler = (request: HttpRequest) => Promise<HttpAnswer>;

/** Routes that features add beside /api/messages and /health (calendar files, exports, the board and its API). */
export class HttpRoutes {
  readonly gets: { path: string; handler: HttpGetHandler }[] = [];
  readonly requests: { method: 'GET' | 'POST'; path: string; handler: HttpHandler }[] = [];

  get(path: string, handler: HttpGetHandler): void {
    this.gets.push({ path, handler });
  }

  /** A route that reads more than its path (headers, query, a JSON body); its answer is gzipped when it pays. */
  on(method: 'GET' | 'POST', path: string, handler: HttpHandler): void {
    this.requests.push({ method, path, handler });
  }
}
