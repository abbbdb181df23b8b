import { useEffect, useState } from 'react';
import { useSlice } from '../../store/context';

/** A polite live region shown as a toast: copy confirmations, saved settings, sign-in done. */
export function Announcer() {
  const announcement = useSlice('notices', (s) => s.announcement);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!announcement.text) return;
    setVisible(true);
    const id = window.setTimeout(() => setVisible(false), 5000);
    return () => window.clearTimeout(id);
  }, [announcement]);
  return (
    <div role="status" aria-live="polite" data-testid="announcer" className={visible ? 'toast toast-visible' : 'toast'}>
      {visible ? announcement.text : ''}
    </div>
  );
}
