import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleEntry, Row } from '../catalog/filter';
import { IconButton } from '../ui/IconButton';
import { EntryActions } from './EntryActions';
import type { RowHandlers } from './row-handlers';

interface RoleRowProps extends RowHandlers {
  row: Extract<Row, { type: 'role' }>;
  index: number;
  style: CSSProperties;
  highlighted: boolean;
  favorite: boolean;
  onToggleFavorite: (role: RoleEntry) => Promise<void>;
}

/** One role: favorite, open console (+ options), use in terminal, copy env. */
export function RoleRow({ row, index, style, highlighted, favorite, onHighlight, onOpenConsole, onCopyEnv, onDialog, onToggleFavorite }: RoleRowProps) {
  const { t } = useTranslation();
  const { role } = row;
  const withAccount = row.section !== 'accounts';
  const account = `${role.accountName} · ${role.accountId}`;

  return (
    <div
      id={`row-${index}`}
      role="listitem"
      aria-label={t('role.label', { role: role.roleName, account: role.accountName, id: role.accountId })}
      aria-current={highlighted ? 'true' : undefined}
      className={`row row-role${withAccount ? ' row-role-tall' : ''}${highlighted ? ' row-highlighted' : ''}`}
      style={style}
      data-testid="role-row"
      data-key={role.key}
      data-section={row.section}
      data-highlighted={highlighted ? 'true' : 'false'}
      onMouseEnter={() => onHighlight(index)}
    >
      <IconButton
        icon="star"
        filled={favorite}
        extraClass={favorite ? 'star star-on' : 'star'}
        label={t('role.favorite')}
        aria-pressed={favorite}
        onClick={() => void onToggleFavorite(role)}
      />
      {/* Clicking the name is the one-click console; the labelled button is the keyboard path.
          Long names are cut short on screen; the title shows them whole. */}
      <div className="role-text" onClick={() => void onOpenConsole(role)}>
        <span className="role-name" translate="no" title={role.roleName}>
          {role.roleName}
        </span>
        {withAccount ? (
          <span className="muted small ellipsis" translate="no" title={account}>
            {account}
          </span>
        ) : null}
      </div>
      <EntryActions entry={role} onOpenConsole={onOpenConsole} onCopyEnv={onCopyEnv} onDialog={onDialog} />
    </div>
  );
}
