import type { CSSProperties, MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import type { Entry, RoleEntry, Row } from '../catalog/filter';
import type { Dialog } from './RoleBrowser';

/** Fixed heights keep the virtualizer exact without measuring each row. */
export function rowHeight(row: Row | undefined): number {
  if (!row) return 40;
  switch (row.type) {
    case 'section':
      return 30;
    case 'session':
      return 28;
    case 'account':
      return 34;
    case 'role':
      return row.section === 'accounts' ? 40 : 48;
    case 'profile':
      return 48;
    case 'problem':
      return 66;
  }
}

/** What every row that stands for a role or a profile can do, from the list. */
export interface RowHandlers {
  onHighlight: (index: number) => void;
  onOpenConsole: (entry: Entry) => Promise<void>;
  onCopyEnv: (entry: Entry) => Promise<void>;
  onDialog: (dialog: Dialog) => void;
}

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
      <button
        type="button"
        className={favorite ? 'icon-btn star star-on' : 'icon-btn star'}
        aria-pressed={favorite}
        aria-label={t('role.favorite')}
        title={t('role.favorite')}
        onClick={() => void onToggleFavorite(role)}
      >
        <Icon name="star" filled={favorite} />
      </button>
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

/** The actions a role and a config profile share: console (and its options), terminal, env. */
export function EntryActions({ entry, onOpenConsole, onCopyEnv, onDialog }: { entry: Entry } & Omit<RowHandlers, 'onHighlight'>) {
  const { t } = useTranslation();
  const opener = (kind: Dialog['kind']) => (e: MouseEvent<HTMLButtonElement>) => onDialog({ kind, role: entry, returnFocus: e.currentTarget });
  return (
    <>
      <button type="button" className="icon-btn" aria-label={t('role.openConsole')} title={t('role.openConsole')} onClick={() => void onOpenConsole(entry)}>
        <Icon name="external" />
      </button>
      <button type="button" className="icon-btn" aria-label={t('role.consoleOptions')} title={t('role.consoleOptions')} aria-haspopup="dialog" onClick={opener('console')}>
        <Icon name="chevron" />
      </button>
      <button type="button" className="icon-btn" aria-label={t('role.useInTerminal')} title={t('role.useInTerminal')} aria-haspopup="dialog" onClick={opener('use')}>
        <Icon name="terminal" />
      </button>
      <button type="button" className="icon-btn" aria-label={t('role.copyEnv')} title={t('role.copyEnv')} onClick={() => void onCopyEnv(entry)}>
        <Icon name="copy" />
      </button>
    </>
  );
}
