/** A plain answer to a GET, independent of the HTTP framework so features never import restify. */
export type HttpAnswer = { status: number; contentType: string; body: string; headers?: Record<string, string> };
export type HttpGetHandler = (params: Record<string, string>) => Promise<HttpAnswer>;

/** GET routes that features add beside /api/messages and /health (e.g. calendar files). */
export class HttpRoutes {
  readonly gets: { path: string; handler: HttpGetHandler }[] = [];

  get(path: string, handler: HttpGetHandler): void {
    this.gets.push({ path, handler });
  }
}
