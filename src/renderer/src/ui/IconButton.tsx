import type { ButtonHTMLAttributes } from 'react';
import { Icon, type IconName } from './Icon';

// A button shown as an icon: its label is both what a screen reader reads and the tooltip.

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className' | 'aria-label' | 'title' | 'children'>;

export function IconButton({
  label,
  icon,
  filled,
  extraClass,
  ...button
}: ButtonProps & { label: string; icon: IconName; filled?: boolean; extraClass?: string }) {
  return (
    <button type="button" className={extraClass ? `icon-btn ${extraClass}` : 'icon-btn'} aria-label={label} title={label} {...button}>
      <Icon name={icon} {...(filled !== undefined ? { filled } : {})} />
    </button>
  );
}
