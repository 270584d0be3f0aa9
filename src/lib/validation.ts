import { z } from 'zod';
import { validationError, type FieldErrors } from '../errors.js';

/**
 * One schema per input, used by the office form and the API alike. `parseInput`
 * turns zod's issues into one Chinese message per field, which forms show next to
 * the field and the API returns as `error.fields`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw validationError(fieldErrorsOf(result.error));
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.code === 'invalid_type' && issue.input === undefined ? '此项必填' : issue.message;
  }
  return fields;
}

/** Trimmed text with a Chinese length message; empty becomes '' (optional) or an error (required). */
export const text = (max: number, opts: { required?: boolean; min?: number } = {}) => {
  const min = opts.min ?? (opts.required ? 1 : 0);
  return (
  z
    .string({ message: '应为文本' })
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? '此项必填' : `至少 ${min} 个字`)
        .max(max, `不能超过 ${max} 个字`),
    ));
};

export const optionalText = (max: number) => z.preprocess((v) => (v == null ? '' : v), text(max));

export const phoneText = z.preprocess(
  (v) => (v == null ? '' : v),
  text(60).refine((v) => v === '' || /^[0-9+\-()（）\s,，、转/]{5,60}$/.test(v), '电话号码格式不正确，例：0763-1234567'),
);

export const emailText = z.preprocess(
  (v) => (v == null ? '' : v),
  text(120).refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), '电子邮箱格式不正确'),
);

export const urlText = z.preprocess(
  (v) => (v == null ? '' : v),
  text(300).refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), '网址应以 http:// 或 https:// 开头'),
);

/** An integer from a form field or JSON. */
export const intField = (label = '数值') =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    // Bounded to what a database integer column holds: past it PostgreSQL refuses the query.
    z.number({ message: `${label}应为数字` }).int(`${label}应为整数`).min(-2147483648, `${label}超出范围`).max(2147483647, `${label}超出范围`),
  );
