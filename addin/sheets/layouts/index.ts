// Every dataset the pane offers, in the order it lists them.
import type { DatasetId, DatasetLayout } from '../types.js';
import { adjustmentsLayout } from './adjustments.js';
import { agingLayout } from './aging.js';
import { cashToApplyLayout } from './cash-to-apply.js';
import { deliveriesLayout } from './deliveries.js';
import { dunningLayout } from './dunning.js';
import { invoicesLayout } from './invoices.js';
import { kpiHistoryLayout, kpiScorecardLayout } from './kpis.js';
import { projectsLayout, risksLayout } from './projects.js';
import { worklistLayout } from './worklist.js';

export const LAYOUTS: readonly DatasetLayout[] = [
  invoicesLayout,
  agingLayout,
  worklistLayout,
  deliveriesLayout,
  dunningLayout,
  adjustmentsLayout,
  cashToApplyLayout,
  projectsLayout,
  risksLayout,
  kpiScorecardLayout,
  kpiHistoryLayout,
];

export function layoutFor(id: DatasetId): DatasetLayout {
  const layout = LAYOUTS.find((l) => l.id === id);
  if (!layout) throw new Error(`No dataset "${id}".`);
  return layout;
}

export { adjustmentsLayout, agingLayout, cashToApplyLayout, deliveriesLayout, dunningLayout, invoicesLayout, kpiHistoryLayout, kpiScorecardLayout, projectsLayout, risksLayout, worklistLayout };
