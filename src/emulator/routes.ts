import { type AttachmentStore, attachmentRoutes } from '../resources/attachment.js';
import { resourceList } from '../resources/registry.js';
import type { ResourceKind } from '../resources/resource.js';
import { publicServiceRoute, serviceRoutes } from '../resources/service.js';
import type { HttpMethod, Route } from '../resources/wire.js';

/**
 * The route table, generated from the resource descriptions (`src/resources/`): every kind's list, get, getMany,
 * create, update, delete and actions with their documented aliases, the attachment calls, and the organization's
 * service calls. Nothing here knows a kind by name.
 */

export type Operation =
  | { type: 'list' | 'get' | 'getMany' | 'create' | 'update' | 'delete'; kind: ResourceKind }
  | { type: 'action'; kind: ResourceKind; action: string; param: string | undefined }
  | { type: 'upload' | 'download' | 'deleteAttachment' }
  | { type: 'serviceList' | 'serviceGet' }
  | { type: 'publicService' };

interface CompiledRoute {
  method: HttpMethod;
  scope: 'service' | 'org' | 'public';
  pattern: RegExp;
  operation: Operation;
}

export interface RouteMatch {
  operation: Operation;
  /** The decoded `{ref}` segment (id, code or attachment id). */
  ref?: string;
  store?: AttachmentStore;
}

function compile(path: string): RegExp {
  const source = path
    .split(/(\{ref\}|\{store\})/)
    .map((piece) => {
      if (piece === '{ref}') return '(?<ref>[^/]+)';
      if (piece === '{store}') return '(?<store>notice|help)';
      return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function withAliases(route: Route): { method: HttpMethod; path: string }[] {
  return [{ method: route.method, path: route.path }, ...(route.aliases ?? [])];
}

export function buildRoutes(): CompiledRoute[] {
  const routes: CompiledRoute[] = [];
  const add = (scope: CompiledRoute['scope'], route: Route, operation: Operation) => {
    for (const { method, path } of withAliases(route))
      routes.push({ method, scope, pattern: compile(path), operation });
  };
  for (const def of resourceList) {
    const { kind } = def;
    for (const type of ['list', 'get', 'getMany', 'create', 'update', 'delete'] as const) {
      const route = def.routes[type];
      if (route) add('service', route, { type, kind });
    }
    for (const [action, route] of Object.entries(def.actions ?? {})) {
      add('service', route, { type: 'action', kind, action, param: route.param });
    }
  }
  add('service', attachmentRoutes.upload, { type: 'upload' });
  add('service', attachmentRoutes.download, { type: 'download' });
  add('service', attachmentRoutes.delete, { type: 'deleteAttachment' });
  add('org', serviceRoutes.list, { type: 'serviceList' });
  add('org', serviceRoutes.get, { type: 'serviceGet' });
  add('public', publicServiceRoute, { type: 'publicService' });
  // Literal paths win over `{ref}` ones: `notice/template.json` is the template list, not notice "template".
  const literal = (route: CompiledRoute) => (route.pattern.source.includes('?<ref>') ? 1 : 0);
  return routes.sort((a, b) => literal(a) - literal(b));
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  scope: CompiledRoute['scope'],
  relativePath: string,
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method || route.scope !== scope) continue;
    const match = route.pattern.exec(relativePath);
    if (!match) continue;
    const { ref, store } = match.groups ?? {};
    let decoded: string | undefined;
    if (ref !== undefined) {
      try {
        decoded = decodeURIComponent(ref);
      } catch {
        return undefined;
      }
    }
    return { operation: route.operation, ref: decoded, store: store as AttachmentStore | undefined };
  }
  return undefined;
}
