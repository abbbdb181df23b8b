import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

// A modal dialog over the popup (a role's sheet, the MFA question): Escape closes it, Tab
// stays inside it, and focus goes back where it was when it closes.

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  labelledBy: string;
  describedBy?: string;
  /** Escape, and a click on the backdrop when `closeOnBackdrop`. */
  onClose: () => void;
  closeOnBackdrop?: boolean;
  backdropClassName?: string;
  /** data-* attributes for tests (data-testid, data-role-key, …). */
  data?: Record<`data-${string}`, string>;
  children: ReactNode;
}

export function Modal({ labelledBy, describedBy, onClose, closeOnBackdrop = false, backdropClassName = 'sheet-backdrop', data, children }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // Whoever opened it may focus a field inside; otherwise the dialog's first control.
    if (ref.current && !ref.current.contains(document.activeElement)) ref.current.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => {
      // Back where it was, unless the closer already put focus somewhere on purpose.
      const now = document.activeElement;
      if ((!now || now === document.body) && before && before.isConnected && before !== document.body) before.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab' && ref.current) {
      const focusables = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = focusables[0];
      const last = focusables[focusables.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };

  return (
    <div className={backdropClassName} onClick={closeOnBackdrop ? onClose : undefined}>
      <div
        ref={ref}
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
        {...data}
      >
        {children}
      </div>
    </div>
  );
}
