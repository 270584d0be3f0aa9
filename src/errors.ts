/**
 * Every error a client can see has a stable code from this closed list. The API
 * answers `{error: {code, message, fields?}}`; the portal and office show the
 * message on a page. Add a code here, never invent one at a call site.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, label: '输入有误' },
  INVALID_DATE: { status: 400, label: '日期无效' },
  INVALID_DAY_COUNT: { status: 400, label: '天数无效' },
  UNAUTHENTICATED: { status: 401, label: '需要登录' },
  TOKEN_INVALID: { status: 401, label: '令牌无效或已撤销' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, label: '须先修改初始密码' },
  SECOND_FACTOR_REQUIRED: { status: 403, label: '须先完成双因素认证' },
  FORBIDDEN: { status: 403, label: '没有权限' },
  CSRF_INVALID: { status: 403, label: '表单已过期，请刷新后重试' },
  ACCOUNT_LOCKED: { status: 423, label: '账号已临时锁定' },
  NOT_FOUND: { status: 404, label: '未找到' },
  CONFLICT: { status: 409, label: '与现有数据冲突' },
  STALE_EDIT: { status: 409, label: '内容已被他人修改' },
  INVALID_TRANSITION: { status: 409, label: '当前状态不允许此操作' },
  OWN_WORK_REVIEW: { status: 403, label: '不能审核或发布本人起草或修改的信息' },
  COLUMN_MANDATORY: { status: 409, label: '必须公开的栏目不能隐藏' },
  CALENDAR_NOT_COVERED: { status: 409, label: '日历数据未覆盖' },
  REPORT_NOT_RECONCILED: { status: 409, label: '年度报告表格数据未通过核对' },
  REPORT_UNREADABLE: { status: 422, label: '无法读取年度报告' },
  PROJECT_APPROVAL_INCOMPLETE: { status: 409, label: '批准结果信息要素不全' },
  PAYLOAD_TOO_LARGE: { status: 413, label: '文件过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, label: '文件类型不受支持' },
  RATE_LIMITED: { status: 429, label: '请求过于频繁' },
  MAINTENANCE: { status: 503, label: '系统维护中' },
  CONSULTATION_CLOSED: { status: 409, label: '意见征集不在征集期内' },
  FEEDBACK_REQUIRED: { status: 409, label: '须先公布意见采纳情况' },
  HEARING_MATERIAL_LATE: { status: 409, label: '听证材料须在听证会七日前送达' },
  CHALLENGE_FAILED: { status: 400, label: '表单校验未通过' },
  DUPLICATE_MESSAGE: { status: 409, label: '重复留言' },
  SPAM_SUSPECTED: { status: 422, label: '疑似垃圾信息' },
  INTERNAL: { status: 500, label: '服务器内部错误' },
  CATALOG_COLUMNS_INVALID: { status: 422, label: '目录表格的列与标准目录不一致' },
  BULLETIN_PDF_UNAVAILABLE: { status: 503, label: '公示栏打印版 PDF 暂时无法生成' },
  FEE_CHANGE_PENDING: { status: 409, label: '该项目有尚未发布的变更公告' },
} as const satisfies Record<string, { status: number; label: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Field name → message, shown next to the field in forms and returned as `fields` by the API. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldErrors,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_CODES[code].label);
    this.status = ERROR_CODES[code].status;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const validationError = (fields: FieldErrors, message = '请检查标出的字段') =>
  new AppError('VALIDATION_FAILED', message, fields);
export const notFound = (what = '内容') => new AppError('NOT_FOUND', `${what}不存在或已删除`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('FORBIDDEN', message);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', '请先登录');
export const staleEdit = () =>
  new AppError('STALE_EDIT', '该内容在您编辑期间已被他人修改，请重新打开后再保存');
export const conflict = (message: string, fields?: FieldErrors) => new AppError('CONFLICT', message, fields);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
