import { publicationChartKnown, WORKFLOW } from '../publications/publication.workflow.js';
import { workflowChartSvg as chartSvg } from '../../web/workflow-chart.js';

/**
 * The 工作流程图 on an agency's guide page, drawn from the publications workflow
 * definition itself so the chart cannot drift from the code. With leader approval
 * unknown both branches are drawn.
 */
export function workflowChartSvg(leaderApproval?: boolean): string {
  return chartSvg(WORKFLOW, { known: publicationChartKnown(leaderApproval) });
}
