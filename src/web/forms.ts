import { isAppError, type FieldErrors } from '../errors.js';

export interface FormFailure {
  status: number;
  message: string;
  errors: FieldErrors;
}

/**
 * If `e` is something the person can fix in the form (bad input, a clash, a stale
 * edit), what to show; otherwise null and the caller rethrows.
 */
export function formFailure(e: unknown): FormFailure | null {
  if (!isAppError(e)) return null;
  if (!['VALIDATION_FAILED', 'CONFLICT', 'STALE_EDIT', 'INVALID_TRANSITION', 'COLUMN_MANDATORY', 'INVALID_DATE', 'INVALID_DAY_COUNT', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'REPORT_NOT_RECONCILED', 'REPORT_UNREADABLE', 'PROJECT_APPROVAL_INCOMPLETE'].includes(e.code)) return null;
  return { status: e.status, message: e.message, errors: e.fields ?? {} };
}

/** Form bodies as a plain string map (repeated keys keep their last value). */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[v.length - 1] === 'string') out[k] = v[v.length - 1] as string;
  }
  return out;
}
