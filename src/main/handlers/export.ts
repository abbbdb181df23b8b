import { exportEntryFor, planExport, type ExportPlan } from '../../core/iam';
import type { ParsedRequestOf } from '../../shared/contract';
import type { ExportPreview } from '../../shared/views';
import { resolveSsoTarget } from '../ipc/role-targets';
import type { DomainHandlers, HandlerDeps } from './types';

// Identity Center roles written as sso_session profiles in ~/.aws/config, in Latchkey's block.

export function exportHandlers(deps: HandlerDeps): DomainHandlers<'export'> {
  return {
    'export.preview': async (request) => toExportPreview(await exportPlan(deps, request)),

    // Written only when the file would change exactly as the person saw it in the preview;
    // otherwise the new preview goes back to be looked at again.
    'export.apply': async ({ diff, ...request }) => {
      const plan = await exportPlan(deps, request);
      if (plan.diff !== diff) return { ...toExportPreview(plan), applied: false };
      await plan.apply();
      return { ...toExportPreview(plan), applied: true };
    },
  };
}

async function exportPlan(
  { latchkey, ctx }: Pick<HandlerDeps, 'latchkey' | 'ctx'>,
  request: Omit<ParsedRequestOf<'export.preview'>, 'diff'>,
): Promise<ExportPlan> {
  const entries = [];
  for (const target of request.roles) {
    const role = await resolveSsoTarget(latchkey, target);
    entries.push(exportEntryFor(role, { ...(request.prefix ? { prefix: request.prefix } : {}), ...(request.region ? { region: request.region } : {}) }));
  }
  return planExport(ctx, { add: entries });
}

function toExportPreview(plan: ExportPlan): ExportPreview {
  return { configFile: plan.configFile, diff: plan.diff, profiles: [...plan.profiles] };
}
