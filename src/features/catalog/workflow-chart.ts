/**
 * The 工作流程图 on each agency's guide page, drawn from the publications
 * workflow definition so the chart cannot drift from the code (wired once the
 * publications chart module is committed).
 */
export function workflowChartSvg(_leaderApproval?: boolean): string | undefined {
  return undefined;
}
