import type { Row } from '../catalog/filter';

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
    case 'loading':
      return 32;
    case 'role':
      return row.section === 'accounts' ? 40 : 48;
    case 'profile':
      return 48;
    case 'problem':
      return 66;
  }
}
