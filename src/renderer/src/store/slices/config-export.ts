import type { LatchkeyApi } from '../../../../shared/api';
import type { SsoRoleTarget } from '../../../../shared/schemas';
import type { ExportPreview } from '../../../../shared/views';
import { notice, settle, valueOr, type Report } from '../failure-policy';
import type { ConfigProfilesSlice } from './config-profiles';

// Identity Center roles written to ~/.aws/config as profiles: first the diff, then exactly
// that diff (main refuses when the file changed in between).

export interface ExportRequest {
  roles: SsoRoleTarget[];
  prefix?: string;
  region?: string;
}

export function createConfigExport(api: LatchkeyApi, report: Report, configProfiles: Pick<ConfigProfilesSlice, 'load'>) {
  return {
    /** The diff of ~/.aws/config for these roles; undefined (and a banner) on failure. */
    async preview(request: ExportRequest): Promise<ExportPreview | undefined> {
      return valueOr(await settle(api.export.preview(request)), report);
    },
    /** Writes the previewed diff: 'written', or a fresh preview when the file changed meanwhile. */
    async apply(request: ExportRequest, diff: string): Promise<{ written: ExportPreview } | { changed: ExportPreview } | undefined> {
      const r = await settle(api.export.apply({ ...request, diff }));
      if (!r.ok) {
        report(notice(r));
        return undefined;
      }
      // The file changed after the preview: nothing was written; show what would change now.
      if (!r.value.applied) return { changed: r.value };
      void configProfiles.load();
      return { written: r.value };
    },
  };
}

export type ConfigExportSlice = ReturnType<typeof createConfigExport>;
