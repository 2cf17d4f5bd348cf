import type { Application, Request } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

let router: { stack: RouteLayer[] } | undefined;

/** Remember the Express app whose routes answer "which methods does this path take?". */
export function registerRouteTable(app: Application): void {
  router = (app as unknown as { router?: { stack: RouteLayer[] } }).router;
}

/**
 * Methods routed for the request's path, so an unrouted method on a known path is a
 * 405 (as DRF answers) rather than a 404.
 */
export function allowedMethods(req: Request): string[] {
  const methods = new Set<string>();
  for (const layer of router?.stack ?? []) {
    if (layer.route && layer.match(req.path)) {
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (enabled && method !== '_all') {
          methods.add(method.toUpperCase());
        }
      }
    }
  }
  if (methods.has('GET')) {
    methods.add('HEAD');
  }
  methods.delete('OPTIONS');
  return [...methods].sort();
}
