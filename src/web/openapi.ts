import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import type { RouteInfo } from './core.js';

/**
 * JSON Schema of a zod schema: inputs as accepted (open objects), responses as sent,
 * where every object is closed (`additionalProperties: false`) so a field the
 * document does not name is drift that the response validation test catches.
 */
function schemaOf(s: unknown, io: 'input' | 'output' = 'input'): unknown {
  if (s instanceof z.ZodType) {
    try {
      const { $schema: _drop, ...json } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
      return json;
    } catch {
      return { type: 'object' };
    }
  }
  return s ?? undefined;
}

/**
 * A page or file beside the portal page it stands for (a bulletin notice as HTML or
 * PDF): the body is that media type, and errors are the portal's HTML error page.
 */
function fileResponses(mediaType: string, status = 200) {
  const schema = mediaType.startsWith('text/') ? { type: 'string' } : { type: 'string', contentMediaType: mediaType };
  return {
    [String(status)]: { description: 'OK', content: { [mediaType]: { schema } } },
    default: { description: '错误页', content: { 'text/html': { schema: { type: 'string' } } } },
  };
}

/** The OpenAPI 3.1 document, generated from the routes' own declarations so it cannot drift. */
export function buildOpenApi(routes: RouteInfo[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.doc || (!r.url.startsWith('/api/v1') && !r.doc.produces)) continue;
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: m[1]!.toLowerCase().endsWith('id') ? 'integer' : 'string' },
    }));
    const query = schemaOf(r.doc.query) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {})) {
      params.push({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema: schema as { type: string } });
    }
    const op: Record<string, unknown> = {
      summary: r.doc.summary,
      ...(r.doc.description ? { description: r.doc.description } : {}),
      tags: r.doc.tags ?? [],
      parameters: params,
      security: r.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      'x-access': r.access,
      responses: r.doc.produces
        ? fileResponses(r.doc.produces, r.doc.status)
        : {
            [String(r.doc.status ?? 200)]:
              r.doc.status === 204
                ? { description: '无内容' }
                : { description: r.doc.status === 201 ? '已创建' : 'OK', content: { 'application/json': { schema: schemaOf(r.doc.response, 'output') ?? { type: 'object' } } } },
            default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
    };
    if (r.doc.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.doc.body) } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gongkai 政府信息公开平台 API',
      version: '1',
      description:
        '公开数据无需认证；工作人员接口使用 `Authorization: Bearer <令牌>`（在“我的账号”中创建）或登录会话（此时写操作须带 `X-CSRF-Token` 头）。错误统一为 `{error: {code, message, fields?}}`。',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'gk_sid' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          additionalProperties: false,
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              additionalProperties: false,
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_CODES) },
                message: { type: 'string' },
                fields: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
