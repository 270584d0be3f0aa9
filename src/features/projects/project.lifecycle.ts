/**
 * The eight categories of 重大建设项目 information, in lifecycle order (国办发〔2017〕94号).
 * One source of truth: the standard catalog's 发改 seed, the project page's grouping and the
 * publication link all read this list, so the order is never restated elsewhere.
 */
export const PROJECT_LIFECYCLE = {
  approval_service: { label: '批准服务信息', order: 1, slug: 'pzfw' },
  approval_result: { label: '批准结果信息', order: 2, slug: 'pzjg' },
  tendering: { label: '招标投标信息', order: 3, slug: 'zbtb' },
  land_acquisition: { label: '征收土地信息', order: 4, slug: 'zstd' },
  design_change: { label: '重大设计变更信息', order: 5, slug: 'sjbg' },
  construction: { label: '施工有关信息', order: 6, slug: 'sgxx' },
  quality_safety: { label: '质量安全监督信息', order: 7, slug: 'zlaq' },
  completion: { label: '竣工有关信息', order: 8, slug: 'jgxx' },
} as const;
export type ProjectLifecycle = keyof typeof PROJECT_LIFECYCLE;

/** The categories in lifecycle order. */
export const PROJECT_LIFECYCLE_ORDER = (Object.keys(PROJECT_LIFECYCLE) as ProjectLifecycle[]).sort(
  (a, b) => PROJECT_LIFECYCLE[a].order - PROJECT_LIFECYCLE[b].order,
);

export function isProjectLifecycle(v: unknown): v is ProjectLifecycle {
  return typeof v === 'string' && Object.hasOwn(PROJECT_LIFECYCLE, v);
}
