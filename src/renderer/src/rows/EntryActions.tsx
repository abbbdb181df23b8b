import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../catalog/filter';
import { Icon } from '../ui/Icon';
import type { DialogRequest, RowHandlers } from './row-handlers';

/** The actions a role and a config profile share: console (and its options), terminal, env. */
export function EntryActions({ entry, onOpenConsole, onCopyEnv, onDialog }: { entry: Entry } & Omit<RowHandlers, 'onHighlight'>) {
  const { t } = useTranslation();
  const opener = (kind: DialogRequest['kind']) => (e: MouseEvent<HTMLButtonElement>) => onDialog({ kind, role: entry, returnFocus: e.currentTarget });
  return (
    <>
      <button type="button" className="icon-btn" aria-label={t('role.openConsole')} title={t('role.openConsole')} onClick={() => void onOpenConsole(entry)}>
        <Icon name="external" />
      </button>
      <button
        type="button"
        className="icon-btn"
        aria-label={t('role.consoleOptions')}
        title={t('role.consoleOptions')}
        aria-haspopup="dialog"
        onClick={opener('console')}
      >
        <Icon name="chevron" />
      </button>
      <button
        type="button"
        className="icon-btn"
        aria-label={t('role.useInTerminal')}
        title={t('role.useInTerminal')}
        aria-haspopup="dialog"
        onClick={opener('use')}
      >
        <Icon name="terminal" />
      </button>
      <button type="button" className="icon-btn" aria-label={t('role.copyEnv')} title={t('role.copyEnv')} onClick={() => void onCopyEnv(entry)}>
        <Icon name="copy" />
      </button>
    </>
  );
}
