import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchJob, BatchManager } from '@llmux/batch';
import type { Clock, GenerateRequest, RoutePlan } from '@llmux/core';
import { resolveModelFor } from '../keys/allowed-models.js';
import type { TenantKeys } from './auth.js';
import { batchFileContent, batchFileObject, parseBatchFileId } from './batch-files.js';
import { toBatchItems } from './batch-input-file.js';
import { objectBody } from './body-fields.js';
import type { FileStore } from './file-store.js';
import { metadataOf } from './openai-metadata.js';
import { readJsonBody } from './read-json-body.js';
import { readMultipartBody } from './read-multipart-body.js';
import { badField, RequestFieldError } from './request-field-error.js';
import { sendJson } from './send-json.js';
import { type BatchLabels, toOpenAIBatch } from './to-openai-batch.js';

/** What serves the Files and Batches endpoints. */
export interface BatchServices {
  manager: BatchManager;
  files: FileStore;
  /** The router's plan for a request whose model is `auto`. */
  plan(request: GenerateRequest): Promise<RoutePlan>;
  /** The largest file an upload takes. */
  maxFileBytes: number;
}

export interface BatchRouteContext extends BatchServices {
  keys: TenantKeys;
  resolveModel(model: string): RoutePlan | undefined;
  clock: Clock;
  maxBodyBytes: number;
  scrub: (text: string) => string;
}

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
) => Promise<void>;

/** A call to one of these routes: its request id, and the file or batch id in its path. */
interface Call {
  requestId: string;
  id: string;
}

const ENDPOINT = '/v1/chat/completions';
const WINDOW = '24h';
const WINDOW_MS = 24 * 3_600_000;

const noFile = (id: string) =>
  new RequestFieldError(null, `No such File object: ${id}`, { code: 'not_found', status: 404 });
const noBatch = (id: string) =>
  new RequestFieldError(null, `No batch found with id '${id}'`, { code: 'not_found', status: 404 });

/**
 * The OpenAI-compatible Files (`/v1/files`: upload with purpose `batch`, retrieve, content,
 * delete) and Batches (`/v1/batches`: create, retrieve, cancel, list) endpoints over a batch
 * manager. Each line of a batch runs where the router (or its pinned model) sends it, through the
 * providers' batch APIs; every file and batch belongs to the tenant of the key that made it.
 */
export function createBatchRoutes(context: BatchRouteContext) {
  const { manager, files, keys, clock, scrub } = context;
  const tenantOf = (req: IncomingMessage) => keys.tenantOf(req.headers);

  /** The tenant's batch, or a 404 (also for another tenant's). */
  const batchOf = async (id: string, tenant: string): Promise<BatchJob> => {
    const job = await manager.get(id);
    if (!job || job.tenant !== tenant) throw noBatch(id);
    return job;
  };

  /** A batch's output or error file, once the batch is over. */
  const batchFile = async (id: string, tenant: string) => {
    const parsed = parseBatchFileId(id);
    if (!parsed) return undefined;
    const job = await manager.get(parsed.jobId);
    if (!job || job.tenant !== tenant || (job.state !== 'completed' && job.state !== 'cancelled')) {
      throw noFile(id);
    }
    const content = batchFileContent(job, await manager.results(job.id), parsed.kind, scrub);
    return { object: batchFileObject(job, parsed.kind, content), content };
  };

  async function upload(req: IncomingMessage, res: ServerResponse) {
    const tenant = tenantOf(req);
    const form = await readMultipartBody(req, context.maxFileBytes);
    if (form.get('purpose') !== 'batch') {
      throw badField('purpose', 'must be "batch": the gateway takes batch input files only');
    }
    const file = form.get('file');
    if (file === null || typeof file === 'string') throw badField('file', 'must be a file');
    sendJson(
      res,
      200,
      await files.create(tenant, { filename: file.name, content: await file.text() }),
    );
  }

  async function retrieveFile(req: IncomingMessage, res: ServerResponse, { id }: Call) {
    const tenant = tenantOf(req);
    const object = (await batchFile(id, tenant))?.object ?? (await files.get(id, tenant));
    if (!object) throw noFile(id);
    sendJson(res, 200, object);
  }

  async function fileContent(req: IncomingMessage, res: ServerResponse, { id }: Call) {
    const tenant = tenantOf(req);
    const content = (await batchFile(id, tenant))?.content ?? (await files.content(id, tenant));
    if (content === undefined) throw noFile(id);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(Buffer.byteLength(content)),
    });
    res.end(content);
  }

  async function deleteFile(req: IncomingMessage, res: ServerResponse, { id }: Call) {
    const tenant = tenantOf(req);
    if (await batchFile(id, tenant)) {
      throw new RequestFieldError(
        null,
        `${id} is made from its batch's results, and goes with the batch`,
      );
    }
    if (!(await files.delete(id, tenant))) throw noFile(id);
    sendJson(res, 200, { id, object: 'file', deleted: true });
  }

  async function create(req: IncomingMessage, res: ServerResponse, { requestId }: Call) {
    const caller = keys.callerOf(req.headers);
    const { tenant } = caller;
    // A batch is charged to its tenant: a key's own budget could not hold it back.
    if (caller.ownLimits) {
      throw new RequestFieldError(
        null,
        'This API key has limits or a budget of its own, which batch work does not count against: create batches with a key without them',
        { code: 'batches_not_allowed', status: 403 },
      );
    }
    const body = objectBody(await readJsonBody(req, context.maxBodyBytes));
    const { input_file_id: fileId, endpoint, completion_window: window } = body;
    if (typeof fileId !== 'string' || fileId === '')
      throw badField('input_file_id', 'must be a file id');
    if (endpoint !== ENDPOINT)
      throw badField('endpoint', `must be "${ENDPOINT}": the endpoint served here`);
    if (window !== WINDOW) throw badField('completion_window', `must be "${WINDOW}"`);
    const metadata = metadataOf(body.metadata);
    const content = await files.content(fileId, tenant);
    if (content === undefined) {
      throw new RequestFieldError('input_file_id', `No such File object: ${fileId}`, {
        code: 'not_found',
        status: 404,
      });
    }
    const items = await toBatchItems(content, {
      fileId,
      endpoint: ENDPOINT,
      tenant,
      requestId,
      resolveModel: resolveModelFor(caller, context.resolveModel),
      plan: context.plan,
    });
    const labels: BatchLabels = {
      input_file_id: fileId,
      endpoint: ENDPOINT,
      completion_window: WINDOW,
      metadata: JSON.stringify(metadata),
    };
    const job = await manager.submit({
      items,
      tenant,
      deadlineAt: clock.now() + WINDOW_MS,
      metadata: { ...labels },
    });
    sendJson(res, 200, toOpenAIBatch(job));
  }

  async function retrieve(req: IncomingMessage, res: ServerResponse, { id }: Call) {
    sendJson(res, 200, toOpenAIBatch(await batchOf(id, tenantOf(req))));
  }

  async function cancel(req: IncomingMessage, res: ServerResponse, { id }: Call) {
    await batchOf(id, tenantOf(req));
    sendJson(res, 200, toOpenAIBatch(await manager.cancel(id)));
  }

  async function list(req: IncomingMessage, res: ServerResponse) {
    const tenant = tenantOf(req);
    const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
    const limit = query.has('limit') ? Number(query.get('limit')) : 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw badField('limit', 'must be an integer from 1 to 100');
    }
    const jobs = await manager.list(tenant);
    const after = query.get('after');
    const start = after === null ? 0 : jobs.findIndex((job) => job.id === after) + 1;
    const page = jobs.slice(start, start + limit).map(toOpenAIBatch);
    sendJson(res, 200, {
      object: 'list',
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page.at(-1)?.id ?? null,
      has_more: start + limit < jobs.length,
    });
  }

  type Handle = (req: IncomingMessage, res: ServerResponse, call: Call) => Promise<void>;
  const routes: Array<[method: string, path: RegExp, name: string, handle: Handle]> = [
    ['POST', /^\/v1\/files$/, 'files', upload],
    ['GET', /^\/v1\/files\/([^/]+)$/, 'files', retrieveFile],
    ['DELETE', /^\/v1\/files\/([^/]+)$/, 'files', deleteFile],
    ['GET', /^\/v1\/files\/([^/]+)\/content$/, 'files', fileContent],
    ['POST', /^\/v1\/batches$/, 'batches', create],
    ['GET', /^\/v1\/batches$/, 'batches', list],
    ['GET', /^\/v1\/batches\/([^/]+)$/, 'batches', retrieve],
    ['POST', /^\/v1\/batches\/([^/]+)\/cancel$/, 'batches', cancel],
  ];

  /**
   * The route of a method and path: its name (for metrics) and handler; a path served here for
   * other methods has a name and no handler; any other path, none.
   */
  return (method: string, path: string): { name: string; handle?: RouteHandler } | undefined => {
    let name: string | undefined;
    for (const [routeMethod, pattern, routeName, handle] of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      name = routeName;
      if (routeMethod !== method) continue;
      const id = decodeURIComponent(match[1] ?? '');
      return { name, handle: (req, res, requestId) => handle(req, res, { requestId, id }) };
    }
    return name === undefined ? undefined : { name };
  };
}
