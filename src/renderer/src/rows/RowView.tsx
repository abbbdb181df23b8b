import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleEntry, Row } from '../catalog/filter';
import { LoadingRow } from './LoadingRow';
import { ProblemRow } from './ProblemRow';
import { ProfileRow } from './ProfileRow';
import { RoleRow } from './RoleRow';
import type { RowHandlers } from './row-handlers';
import { rowHeight } from './row-height';

// One row of the virtualized list, whatever its kind: headers are drawn here, the rows that
// act on something have a file each. Memoized: a hover or an arrow key re-renders two rows.

export interface RowViewProps extends RowHandlers {
  row: Row;
  index: number;
  start: number;
  highlighted: boolean;
  favorite: boolean;
  onToggleFavorite: (role: RoleEntry) => Promise<void>;
}

export const RowView = memo(function RowView({ row, index, start, ...rest }: RowViewProps) {
  const { t } = useTranslation();
  // Virtualization positions rows with CSSOM transforms (allowed by the CSP, unlike style attributes in HTML).
  const style = { transform: `translateY(${start}px)`, height: rowHeight(row) };
  if (row.type === 'section') {
    return (
      <div role="listitem" className="row row-section" style={style} data-testid="section" data-section={row.section}>
        <span role="heading" aria-level={3}>
          {t(`sections.${row.section}`)}
        </span>
      </div>
    );
  }
  if (row.type === 'session') {
    return (
      <div role="listitem" className="row row-session" style={style} data-testid="session-header" data-session={row.session}>
        <span role="heading" aria-level={3} translate="no">
          {row.session}
        </span>
      </div>
    );
  }
  if (row.type === 'account') {
    return (
      <div role="listitem" className="row row-account" style={style} data-testid="account" data-account-id={row.account.accountId}>
        <span role="heading" aria-level={4} className="account-name" translate="no" title={row.account.accountName}>
          {row.account.accountName}
        </span>
        <span className="muted small mono">{row.account.accountId}</span>
      </div>
    );
  }
  if (row.type === 'loading') return <LoadingRow account={row.account} style={style} />;
  if (row.type === 'problem') return <ProblemRow problem={row.problem} style={style} />;
  if (row.type === 'profile') return <ProfileRow row={row} index={index} style={style} {...rest} />;
  return <RoleRow row={row} index={index} style={style} {...rest} />;
});
