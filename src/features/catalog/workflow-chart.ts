import { svgWorkflowChart } from '../publications/publication.chart.js';
import { WORKFLOW } from '../publications/publication.workflow.js';

const charts = new Map<string, string>();

/**
 * The 工作流程图 on an agency's guide page, drawn from the publications workflow
 * definition itself so the chart cannot drift from the code. With leader approval
 * unknown both branches are drawn. Memoised: the definition is fixed for the
 * life of the process.
 */
export function workflowChartSvg(leaderApproval?: boolean): string {
  const key = String(leaderApproval);
  let svg = charts.get(key);
  if (!svg) {
    svg = svgWorkflowChart(WORKFLOW, { leaderApproval, title: '主动公开信息审核发布流程' });
    charts.set(key, svg);
  }
  return svg;
}
