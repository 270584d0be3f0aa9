import type { FastifyRequest } from 'fastify';
import { AppError, unauthenticated } from '../errors.js';

export interface UploadedFile {
  fieldname: string;
  filename: string;
  /** What the browser claimed; never trusted for the type. */
  mimetype: string;
  bytes: Buffer;
}

/** A multipart body as read by `readMultipartBody`: text fields plus the files. */
export interface MultipartBody extends Record<string, unknown> {
  _files: UploadedFile[];
}

/**
 * A route `preValidation` hook that reads a multipart/form-data request into
 * `req.body` (fields as strings, files buffered in `_files`), so the core's CSRF
 * check sees the form's `_csrf` field like any other form. It runs only for
 * signed-in callers, so no stranger can make the server buffer an upload; a file
 * over the size limit fails with 413 PAYLOAD_TOO_LARGE from the multipart plugin.
 */
export async function readMultipartBody(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) return;
  if (!req.actor) throw unauthenticated();
  const body: MultipartBody = { _files: [] };
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename || bytes.length) body._files.push({ fieldname: part.fieldname, filename: part.filename, mimetype: part.mimetype, bytes });
      } else if (typeof part.value === 'string') {
        // Repeated fields (a group of checkboxes) keep every value, as in a urlencoded body.
        const prev = body[part.fieldname];
        body[part.fieldname] = prev === undefined ? part.value : Array.isArray(prev) ? [...prev, part.value] : [prev, part.value];
      }
    }
  } catch (err) {
    // Over a limit stays 413; a body cut short or malformed is the sender's fault, not a 500.
    const e = err as { statusCode?: number; code?: string };
    if (e.statusCode === 413 || /LIMIT|TOO_LARGE/.test(e.code ?? '')) throw err;
    throw new AppError('VALIDATION_FAILED', '上传内容不完整或格式不正确，请重新上传');
  }
  req.body = body;
}

export function filesOf(body: unknown): UploadedFile[] {
  const files = (body as Partial<MultipartBody> | undefined)?._files;
  return Array.isArray(files) ? files : [];
}
