import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProfileEntry, type Entry } from '../catalog/filter';
import { IconButton } from '../ui/IconButton';
import { Modal } from '../ui/Modal';

// A small sheet over the list about one role or profile: a title, a close button and a
// caption saying what it is about. Focus moves in on open and back to the button on close.

/** What the sheet is about, in one line: "Role · account · id", or "profile · kind · account · role". */
function useCaption(entry: Entry): string {
  const { t } = useTranslation();
  if (!isProfileEntry(entry)) return `${entry.roleName} · ${entry.accountName} · ${entry.accountId}`;
  const v = entry.view;
  return [entry.profile, t(`configProfiles.kind.${v.kind}`), v.accountId, v.roleName ?? v.userName].filter((p) => p).join(' · ');
}

export function Sheet({ title, role, onClose, children }: { title: string; role: Entry; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const headingId = useId();
  const caption = useCaption(role);
  return (
    <Modal labelledBy={headingId} onClose={onClose} closeOnBackdrop data={{ 'data-role-key': role.key }}>
      <div className="sheet-head">
        <h2 id={headingId} className="subhead">
          {title}
        </h2>
        <IconButton icon="close" label={t('common.close')} onClick={onClose} />
      </div>
      <p className="muted small ellipsis" translate="no" title={caption}>
        {caption}
      </p>
      {children}
    </Modal>
  );
}
