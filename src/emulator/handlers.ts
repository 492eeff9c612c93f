import { attachmentIdPattern } from '../resources/attachment.js';
import { contentDisposition } from './content-disposition.js';
import { type Envelope, success } from './envelope.js';
import { badRequest, notFound } from './errors.js';
import type { UploadedFile } from './incoming.js';
import type { Query } from './models/model.js';
import { idListParam } from './models/query-params.js';
import { paginate, readPaging } from './paging.js';
import type { RouteMatch } from './routes.js';
import { type ResolvedService, serviceView } from './services.js';
import type { EmulatedService } from './store/service-store.js';

/**
 * Each route operation as a call on the store. Handlers are synchronous once the request is read, so a write and
 * its journal line happen before anything else runs.
 */

export type Reply =
  | { type: 'json'; envelope: Envelope }
  | { type: 'file'; bytes: Uint8Array; contentType: string; disposition: string };

export interface ServiceCall {
  match: RouteMatch;
  service: EmulatedService;
  query: Query;
  bodyText: string | undefined;
  file: UploadedFile | undefined;
}

const json = (result: unknown): Reply => ({ type: 'json', envelope: success(result) });

export function handleServiceCall({ match, service, query, bodyText, file }: ServiceCall): Reply {
  const { operation, ref = '' } = match;
  const language = query.get('language');
  switch (operation.type) {
    case 'list':
      return json(service.search(operation.kind, query));
    case 'get':
      return json({ content: service.detail(operation.kind, ref, { language }) });
    case 'getMany': {
      const ids = idListParam(query, 'id');
      if (!ids) throw badRequest('id is required (a comma list of ids)');
      return json({ contents: service.getMany(operation.kind, ids, { language }) });
    }
    case 'create':
      return json({ content: service.create(operation.kind, parseBody(bodyText), { language }) });
    case 'update':
      return json({ content: service.update(operation.kind, ref, parseBody(bodyText), { language }) });
    case 'delete':
      service.delete(operation.kind, ref);
      return json(null);
    case 'action': {
      const body = parseBody(bodyText);
      const fromBody = operation.param && isObject(body) ? body[operation.param] : undefined;
      const value = operation.param ? (query.get(operation.param) ?? fromBody) : undefined;
      service.action(operation.kind, ref, operation.action, value);
      return json(null);
    }
    case 'upload': {
      if (!file || !match.store) throw badRequest('Multipart request but file is null');
      return json({ content: service.upload(match.store, file.bytes, file.fileName, file.contentType) });
    }
    case 'download': {
      const attachment = attachmentIdPattern.test(ref) ? service.attachment(ref) : undefined;
      if (!attachment || attachment.store !== match.store) throw notFound(`attachment ${ref} not found`);
      const type = query.get('type') === 'download' ? 'attachment' : 'inline';
      return {
        type: 'file',
        bytes: attachment.bytes,
        contentType: attachment.contentType,
        disposition: contentDisposition(type, attachment.fileName),
      };
    }
    case 'deleteAttachment':
      if (!match.store) throw notFound(`attachment ${ref} not found`);
      service.deleteAttachment(match.store, ref);
      return json(null);
    default:
      throw notFound('no such API');
  }
}

export interface OrgCall {
  match: RouteMatch;
  services: ReadonlyMap<string, ResolvedService>;
  query: Query;
  createdDt: number;
}

export function handleOrgCall({ match, services, query, createdDt }: OrgCall): Reply {
  switch (match.operation.type) {
    case 'serviceList': {
      const { page, pageSize } = readPaging(query.get('page'), query.get('pageSize'), 100);
      const all = [...services.values()].map((service) => serviceView(service, createdDt));
      return json(paginate(all, page, pageSize));
    }
    case 'serviceGet': {
      const service = services.get(match.ref ?? '');
      if (!service) throw notFound(`service ${match.ref} not found`);
      return json({ content: serviceView(service, createdDt) });
    }
    default:
      throw notFound('no such API');
  }
}

/** A blank body is no body; anything else must be JSON. */
function parseBody(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
