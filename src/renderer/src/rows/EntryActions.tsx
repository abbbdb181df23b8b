import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../catalog/filter';
import { IconButton } from '../ui/IconButton';
import type { DialogRequest, RowHandlers } from './row-handlers';

/** The actions a role and a config profile share: console (and its options), terminal, env. */
export function EntryActions({ entry, onOpenConsole, onCopyEnv, onDialog }: { entry: Entry } & Omit<RowHandlers, 'onHighlight'>) {
  const { t } = useTranslation();
  const opener = (kind: DialogRequest['kind']) => (e: MouseEvent<HTMLButtonElement>) => onDialog({ kind, role: entry, returnFocus: e.currentTarget });
  return (
    <>
      <IconButton icon="external" label={t('role.openConsole')} onClick={() => void onOpenConsole(entry)} />
      <IconButton icon="chevron" label={t('role.consoleOptions')} aria-haspopup="dialog" onClick={opener('console')} />
      <IconButton icon="terminal" label={t('role.useInTerminal')} aria-haspopup="dialog" onClick={opener('use')} />
      <IconButton icon="copy" label={t('role.copyEnv')} onClick={() => void onCopyEnv(entry)} />
    </>
  );
}
